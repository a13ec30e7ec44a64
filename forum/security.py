"""Security headers on every response, and input no database can store."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response, abort, current_app, request


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
    """The request's JSON, parsed apart from Flask's cache so the API still sees malformed bodies as such."""
    try:
        return json.loads(request.get_data())
    except ValueError:
        return None


def _strings(value: Any) -> list[str]:
    """Every string in a decoded JSON document, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [*value.keys(), *(text for item in value.values() for text in _strings(item))]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


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
