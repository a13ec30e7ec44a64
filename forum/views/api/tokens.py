"""API tokens: taking a bearer token with a password, and revoking the one a request was sent with."""

from __future__ import annotations

from typing import Any

from flask import request
from marshmallow import Schema, fields, validate

from ...limits import EMAIL_MAX, PASSWORD_MAX, TOKEN_NAME_MAX
from ...services import tokens
from ..helpers import keep_out_of_caches
from .base import bounded_text, operation
from .schemas import TokenSchema

TAG = "tokens"


class TokenInput(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=EMAIL_MAX),
                             metadata={"description": "The username or email"})
    password = fields.String(required=True, validate=validate.Length(min=1, max=PASSWORD_MAX))
    name = bounded_text(TOKEN_NAME_MAX, "the name", load_default="",
                         metadata={"description": "A label for /settings, such as the client's name"})


@operation("/tokens", "POST", tag=TAG, body=TokenInput(), response=TokenSchema(), status=201, errors=(429,))
def create_token(data: dict[str, Any]):
    """Take a bearer token with a username (or email) and password

    Failed attempts count against the same limits as logging in, and new
    tokens are limited per account; past them the answer is 429 with Retry-After.
    """
    user, raw = tokens.issue_token_for_login(data["username"], data["password"],
                                             address=request.remote_addr or "", name=data["name"])
    keep_out_of_caches()
    return {"token": raw, "name": data["name"] or "API token", "user": user}


@operation("/tokens/current", "DELETE", tag=TAG, status=204, auth="required", errors=(404,))
def revoke_current_token():
    """Revoke the bearer token this request was sent with"""
    raw = request.headers.get("Authorization", "").partition(" ")[2].strip()
    tokens.revoke_raw_token(raw)
