"""Security headers on every response, and input no database can store."""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Flask, Response, abort, current_app, request

MAX_JSON_DEPTH = 32  # the API's documents nest three levels; Python's parser recurses and fails near 1,000
# A JSON string (skipped whole, escapes included) or one bracket.
_JSON_STRUCTURE = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def register_security_headers(app: Flask) -> None:
    app.before_request(_refuse_nul_characters)
    app.after_request(_add_headers)


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


def _add_headers(response: Response) -> Response:
    images = "'self' data: https:" if current_app.config["ALLOW_REMOTE_IMAGES"] else "'self' data:"
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src {images}; connect-src 'self'; font-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_app.config["SESSION_COOKIE_SECURE"]:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response
