"""API accounts: registering, taking and revoking tokens, and the member's own profile and settings."""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_login import current_user
from marshmallow import Schema, fields, validate

from ...errors import NotAllowed
from ...limits import EMAIL_MAX, PASSWORD_MAX, PASSWORD_MIN, TOKEN_NAME_MAX, USERNAME_MAX, USERNAME_MIN, USERNAME_PATTERN
from ...services import accounts, members, notifications, tokens
from ..helpers import keep_out_of_caches
from .base import StrictBoolean, bounded_text, operation
from .schemas import MeSchema, ProfileSchema, TokenSchema, UserSchema

TAG = "accounts"


class RegisterInput(Schema):
    username = fields.String(required=True, validate=validate.Regexp(f"^{USERNAME_PATTERN}$"),
                             metadata={"description": f"{USERNAME_MIN}-{USERNAME_MAX} letters, digits, _ or -; "
                                                      "unique regardless of case"})
    email = fields.Email(required=True, validate=validate.Length(max=EMAIL_MAX))
    password = fields.String(required=True,
                             validate=validate.Length(min=PASSWORD_MIN, max=PASSWORD_MAX),
                             metadata={"description": "Not the username, and not a common or breached "
                                                      "password (422 says why)"})


class TokenInput(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=EMAIL_MAX),
                             metadata={"description": "The username or email"})
    password = fields.String(required=True, validate=validate.Length(min=1, max=PASSWORD_MAX))
    name = bounded_text(TOKEN_NAME_MAX, "the name", load_default="",
                         metadata={"description": "A label for /settings, such as the client's name"})


class PreferencesInput(Schema):
    follow_own_threads = StrictBoolean()
    follow_replied_threads = StrictBoolean()
    email_notifications = StrictBoolean()


@operation("/users", "POST", tag=TAG, body=RegisterInput(), response=UserSchema(), status=201,
           errors=(403, 409, 429))
def register(data: dict[str, Any]):
    """Create an account

    Usernames are 3-30 letters, digits, "_" or "-", unique regardless of case;
    passwords 12 to 200 characters, not common or breached. Take a token next with POST /tokens.
    A site that verifies email addresses answers 403: sign up in the browser there.
    """
    if current_app.config["REQUIRE_EMAIL_VERIFICATION"]:
        raise NotAllowed("This site confirms email addresses: sign up in the browser at /register.")
    return accounts.register(username=data["username"], email=data["email"], password=data["password"],
                             address=request.remote_addr or "")


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


@operation("/users/me", "GET", tag=TAG, response=MeSchema(), auth="required")
def me():
    """The member the token or session belongs to, with their settings"""
    return _me()


@operation("/users/me", "PATCH", tag=TAG, body=PreferencesInput(), response=MeSchema(), auth="required")
def update_me(data: dict[str, Any]):
    """Change notification and follow settings"""
    notifications.set_preferences(current_user, **data)
    return _me()


@operation("/users/<username>", "GET", tag=TAG, response=ProfileSchema(), auth="optional")
def profile(username: str):
    """A member's public profile, and what the caller may do to them (suspend, roles)"""
    return members.read_profile(accounts.get_user(username), current_user)


def _me() -> dict[str, Any]:
    user = current_user._get_current_object()
    fields_ = {name: getattr(user, name) for name in MeSchema().fields if name != "unread_notifications"}
    return {**fields_, "unread_notifications": notifications.unread_count(user)}
