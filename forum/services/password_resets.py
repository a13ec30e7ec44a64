"""Password reset: a signed, single-use link that expires in an hour, by email or from an admin."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import select

from ..database import begin_write, writes
from ..errors import Invalid
from ..extensions import db
from ..models import User
from . import mail, throttle
from .auth import hash_password, normalize_email, set_password
from .passwords import check_password

LINK_LIFETIME_SECONDS = 3600
SALT = "agora-password-reset"
THROTTLED = "Too many reset links were asked for. Try again in {wait}."
DEAD_LINK = "This reset link has expired or was already used. Ask for a new one."


def request_reset(email: str, *, address: str) -> None:
    """Mail a reset link to the account using ``email``, if there is one.

    The caller answers the same either way. Requests count per client
    address and per account (the address typed, when no account has it, so
    the limit too answers alike).
    """
    config = current_app.config
    email = normalize_email(email)
    user = db.session.scalar(select(User).where(User.email == email))
    account_key = f"user-{user.id}" if user else email
    throttle.hit(config["PASSWORD_RESET_LIMIT_PER_ADDRESS"], "reset-address", address,
                 message=THROTTLED, field="email")
    throttle.hit(config["PASSWORD_RESET_LIMIT_PER_ACCOUNT"], "reset-account", account_key,
                 message=THROTTLED, field="email")
    if user is not None:
        link = mail.absolute_url(issue_link(user))
        mail.queue_email(user.email, "Reset your password", (
            f"Someone, probably you, asked to reset the password of {user.username} on Agora.\n\n"
            f"Choose a new password here within an hour: {link}\n\n"
            "The link works once. If you did not ask for it, ignore this email: your password stays as it is.\n"))
    db.session.commit()  # the request counts against the limits, whether or not the address has an account


@writes
def issue_link(user: User) -> str:
    """A new reset link's path for ``user``; every older link dies. The caller commits."""
    secret = secrets.token_urlsafe(32)
    user.password_reset_digest = _digest(secret)
    return f"/password/reset/{_serializer().dumps({'user': user.id, 'secret': secret})}"


def create_link(user: User) -> str:
    """``issue_link`` for `forum reset-password`: saved at once."""
    path = issue_link(user)
    db.session.commit()
    return path


def user_for_token(token: str) -> User:
    """The account a live link belongs to; Invalid for an expired, used, replaced or forged one."""
    try:
        payload = _serializer().loads(token, max_age=LINK_LIFETIME_SECONDS)
        user = db.session.get(User, int(payload["user"]))
        secret = str(payload["secret"])
    except (BadData, KeyError, TypeError, ValueError):
        raise Invalid(DEAD_LINK) from None
    if user is None or not user.password_reset_digest or not hmac.compare_digest(
            user.password_reset_digest, _digest(secret)):
        raise Invalid(DEAD_LINK)
    return user


def reset_password(token: str, *, password: str) -> User:
    """Set a new password through a live link; the link, every session and every API token end."""
    user = user_for_token(token)
    check_password(password, username=user.username, email=user.email)
    password_hash = hash_password(password)  # slow on purpose: before the write lock
    begin_write()
    user = user_for_token(token)  # again, under the lock: a link works once
    set_password(user, password_hash)
    db.session.commit()
    return user


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
