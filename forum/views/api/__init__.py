"""The JSON API under /api/v1: bearer tokens or the session with its CSRF token, described by OpenAPI."""

from __future__ import annotations

from flask import current_app, g, jsonify, request
from flask_login import current_user

from ...errors import Unauthenticated
from ...extensions import csrf
from ...services.tokens import user_for_token
from ..main import error_response
from . import (  # noqa: F401  (routes join bp)
    articles, auth, digest, follows, moderation, moves, notifications, posts, search, threads, tokens, users,
)
from .base import OPERATIONS, FieldErrors, bp
from .spec import build_spec

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
csrf.exempt(bp)  # bearer requests need no CSRF token; session requests are checked in _authenticate


def bearer_token() -> str | None:
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    return credentials.strip() if scheme.lower() == "bearer" and credentials.strip() else None


@bp.before_request
def _authenticate() -> None:
    raw = bearer_token()
    g.api_token_user = None
    if raw is None:
        if (request.method in WRITE_METHODS and current_user.is_authenticated
                and current_app.config.get("WTF_CSRF_ENABLED", True)):
            csrf.protect()
        return
    user = user_for_token(raw)
    if user is None:
        raise Unauthenticated("That token is unknown or was revoked. Ask for a new one at POST /api/v1/tokens.")
    g.api_token_user = user
    if current_user.get_id() != user.get_id():
        raise Unauthenticated("The token and the session cookie name different members; send one of them.")


@bp.after_request
def _challenge(response):
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="agora"'
    return response


@bp.errorhandler(FieldErrors)
def _field_errors(error: FieldErrors):
    return error_response(error.status, error.message, code=error.code, fields=error.fields)


@bp.get("/openapi.json")
def openapi():
    """This API's OpenAPI 3.1 document, generated from the routes and their schemas."""
    return jsonify(build_spec(OPERATIONS, server=request.host_url.rstrip("/") + bp.url_prefix))
