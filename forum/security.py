"""Security headers on every response, and input no database can store."""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Flask, Request, Response, abort, current_app, request
from flask.sessions import SecureCookieSessionInterface, SessionMixin

MAX_JSON_DEPTH = 32  # the API's documents nest three levels; Python's parser recurses and fails near 1,000
# A JSON string (skipped whole, escapes included) or one bracket.
_JSON_STRUCTURE = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def register_security_headers(app: Flask) -> None:
    app.before_request(_refuse_nul_characters)
    app.after_request(_add_headers)
    app.session_interface = CookieFreeEmbeds()


class CookieFreeEmbeds(SecureCookieSessionInterface):
    """The session cookie, never set by the embed page: it lives in other sites' frames and needs none."""

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        return request.blueprint != "embed" and super().should_set_cookie(app, session)

    def open_session(self, app: Flask, request: Request) -> SessionMixin | None:
        """A reader without the cookie, as every visitor, starts an empty session without building the signer."""
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)


def _refuse_nul_characters() -> None:
    """PostgreSQL text cannot hold U+0000, so text carrying one is bad input, not a server error."""
    texts = [value for values in request.args.listvalues() for value in values]
    texts += [str(value) for value in (request.view_args or {}).values()]
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        # Cached first: form parsing then reads the cached bytes, and views may read them again.
        request.get_data()
        if request.is_json:
            texts += _strings(_json_document())
        else:
            texts += [value for values in request.form.listvalues() for value in values]
    if any("\x00" in text for text in texts):
        abort(400, "Text cannot contain NUL characters.")


def _json_document() -> Any:
    """The request's JSON, parsed apart from Flask's cache so the API still sees malformed bodies as such.

    A document nested deeper than MAX_JSON_DEPTH is refused here, before any
    view (or Python's recursive parser) sees it.
    """
    body = request.get_data()
    if body.count(b"[") + body.count(b"{") > MAX_JSON_DEPTH and _nesting_depth(body) > MAX_JSON_DEPTH:
        abort(400, f"The JSON document is nested too deeply (at most {MAX_JSON_DEPTH} levels).")
    try:
        return json.loads(body)
    except ValueError:
        return None


def _nesting_depth(body: bytes) -> int:
    """How deep arrays and objects nest in ``body``, counted without parsing (strings are skipped)."""
    depth = deepest = 0
    for match in _JSON_STRUCTURE.finditer(body):
        token = match.group()
        if token in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        elif token in (b"]", b"}"):
            depth -= 1
    return deepest


def _strings(value: Any) -> list[str]:
    """Every string in a decoded JSON document, keys included (walked without recursion)."""
    found, pending = [], [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            found += item.keys()
            pending += item.values()
        elif isinstance(item, list):
            pending += item
    return found


def content_security_policy(*, frame_ancestors: str = "'none'") -> str:
    """The one policy of every page; only the embed page lets other sites frame it."""
    images = "'self' data: https:" if current_app.config["ALLOW_REMOTE_IMAGES"] else "'self' data:"
    return ("default-src 'self'; script-src 'self'; style-src 'self'; "
            f"img-src {images}; connect-src 'self'; font-src 'self'; object-src 'none'; "
            f"base-uri 'self'; form-action 'self'; frame-ancestors {frame_ancestors}")


def _add_headers(response: Response) -> Response:
    headers = response.headers
    present = {name.lower() for name, _ in headers.items()}
    headers.extend([header for header in _default_headers() if header[0].lower() not in present])
    if "x-frame-options" not in present and "frame-ancestors 'none'" in headers["Content-Security-Policy"]:
        # Older browsers know only this header; a page that lists frame ancestors must not send it.
        headers["X-Frame-Options"] = "DENY"
    return response


def _default_headers() -> list[tuple[str, str]]:
    """The headers every response has unless its view set its own, built from the settings on first use."""
    app = current_app._get_current_object()
    if "security_headers" not in app.extensions:
        headers = [("Content-Security-Policy", content_security_policy()), ("X-Content-Type-Options", "nosniff"),
                   ("Referrer-Policy", "strict-origin-when-cross-origin"),
                   ("Cross-Origin-Opener-Policy", "same-origin"),
                   ("Permissions-Policy", "camera=(), microphone=(), geolocation=()")]
        if app.config["SESSION_COOKIE_SECURE"]:
            headers.append(("Strict-Transport-Security", "max-age=31536000"))
        app.extensions["security_headers"] = headers
    return app.extensions["security_headers"]
