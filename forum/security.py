"""Security headers on every response, and input no database can store."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, Request, Response, abort, current_app, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature

from .models import utcnow

MAX_JSON_DEPTH = 32  # the API's documents nest three levels; Python's parser recurses and fails near 1,000
# A JSON string (skipped whole, escapes included) or one bracket.
_JSON_STRUCTURE = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def register_security_headers(app: Flask) -> None:
    app.before_request(_refuse_nul_characters)
    app.after_request(_add_headers)
    app.session_interface = SessionCookies()


class SignedSession(SecureCookieSession):
    signed_at: datetime | None = None  # when its cookie was signed; None for a new session


class SessionCookies(SecureCookieSessionInterface):
    """The session cookie: never set by the embed page, which lives in other sites' frames and needs none;
    signed again as it is used, so that a member who keeps coming back stays logged in, but once a day,
    not on every request (signing costs more than the rest of a cached page)."""

    session_class = SignedSession
    REFRESH_AFTER = timedelta(days=1)

    def open_session(self, app: Flask, request: Request) -> SignedSession | None:
        cookie = request.cookies.get(self.get_cookie_name(app))
        if app.secret_key and not cookie:
            return self.session_class()  # every visitor: no signer to build
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        try:
            data, signed_at = serializer.loads(cookie, max_age=int(app.permanent_session_lifetime.total_seconds()),
                                               return_timestamp=True)
        except BadSignature:
            return self.session_class()
        session = self.session_class(data)
        session.signed_at = signed_at
        return session

    def should_set_cookie(self, app: Flask, session: SignedSession) -> bool:
        if request.blueprint == "embed":
            return False
        if session.modified:
            return True
        return bool(session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]
                    and (session.signed_at is None or utcnow() - session.signed_at > self.REFRESH_AFTER))


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
