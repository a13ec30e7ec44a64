"""API auth: registering an account (bearer tokens: api/tokens.py)."""

from __future__ import annotations

from typing import Any

from flask import request
from marshmallow import Schema, fields, validate

from ...limits import EMAIL_MAX, PASSWORD_MAX, PASSWORD_MIN, USERNAME_MAX, USERNAME_MIN, USERNAME_PATTERN
from ...services import auth
from .base import operation
from .schemas import UserSchema

TAG = "auth"


class RegisterInput(Schema):
    username = fields.String(required=True, validate=validate.Regexp(f"^{USERNAME_PATTERN}$"),
                             metadata={"description": f"{USERNAME_MIN}-{USERNAME_MAX} letters, digits, _ or -; "
                                                      "unique regardless of case"})
    email = fields.Email(required=True, validate=validate.Length(max=EMAIL_MAX))
    password = fields.String(required=True,
                             validate=validate.Length(min=PASSWORD_MIN, max=PASSWORD_MAX),
                             metadata={"description": "Not the username, and not a common or breached "
                                                      "password (422 says why)"})


@operation("/users", "POST", tag=TAG, body=RegisterInput(), response=UserSchema(), status=201,
           errors=(403, 409, 429))
def register(data: dict[str, Any]):
    """Create an account

    Usernames are 3-30 letters, digits, "_" or "-", unique regardless of case;
    passwords 12 to 200 characters, not common or breached. Take a token next with POST /tokens.
    A site that verifies email addresses answers 403: sign up in the browser there.
    """
    return auth.register(username=data["username"], email=data["email"], password=data["password"],
                         address=request.remote_addr or "")
