"""API tokens: issuing, checking and revoking bearer tokens, of which only a SHA-256 is kept."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from ..database import write_later, write_queued, writes
from ..errors import Invalid, NotFound
from ..extensions import db
from ..limits import TOKEN_NAME_MAX, too_long
from ..models import ApiToken, User, utcnow
from . import throttle
from .auth import authenticate

# A public marker, not a secret (bandit B105): lets secret scanners and people recognise a leaked token.
TOKEN_PREFIX = "agora_"  # nosec B105
TOKEN_BYTES = 32
# Writing last_used_at on every call would turn every API read into a write.
TOUCH_INTERVAL = timedelta(minutes=5)
TOKENS_THROTTLED = "Too many new tokens for this account. Try again in {wait}."


@writes
def issue_token(user: User, *, name: str = "") -> str:
    """Create a token for ``user`` and return it; it is shown this once and never again.

    New tokens are limited per account: a leaked password must not mint them by the thousand.
    """
    name = " ".join(name.split())
    if len(name) > TOKEN_NAME_MAX:
        raise Invalid(too_long("the name", TOKEN_NAME_MAX), field="name")
    throttle.hit(current_app.config["TOKEN_LIMIT_PER_ACCOUNT"], "token", str(user.id),
                 message=TOKENS_THROTTLED, field="name")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    db.session.add(ApiToken(user=user, token_hash=hash_token(raw), name=name or "API token"))
    db.session.commit()
    return raw


def issue_token_for_login(identifier: str, password: str, *, address: str, name: str = "") -> tuple[User, str]:
    """The account of a username or email and its password, and a new token for it.

    Wrong passwords count against the same limits as logging in.
    """
    user = authenticate(identifier, password, address=address)
    return user, issue_token(user, name=name)


def user_for_token(raw: str) -> User | None:
    """The owner of a token, or None when it is unknown or revoked; only reads.

    Its last use, when due, joins the request's write transaction, so a
    request that writes opens no second one; a request that only reads
    writes it at the end with ``record_use``. A request that fails does not
    count as a use.
    """
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(raw)))
    if token is None:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_INTERVAL:
        write_later(update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now))
    return token.user


def record_use() -> None:
    """Write the token's last use if no write of the request carried it; commits then."""
    write_queued()


def list_tokens(user: User) -> list[ApiToken]:
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    ))


@writes
def revoke_token(user: User, token_id: int) -> None:
    """Delete one of the member's own tokens; another member's is as good as missing."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound("There is no such token.")
    db.session.delete(token)
    db.session.commit()


@writes
def revoke_raw_token(raw: str) -> None:
    """Delete the token that was sent, as a client logging out does."""
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(raw)))
    if token is None:
        raise NotFound("There is no such token.")
    db.session.delete(token)
    db.session.commit()


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()
