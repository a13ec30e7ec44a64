"""API tokens: issuing, checking and revoking bearer tokens, of which only a SHA-256 is kept."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from ..database import begin_own_write, in_write
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
    """The owner of a token, or None when it is unknown or revoked; notes the token's use."""
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(raw)))
    if token is None:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_INTERVAL:
        _note_use(token.id, now)
    return token.user


def _note_use(token_id: int, now: datetime) -> None:
    """Set the token's last use without ever committing a writer's transaction early.

    In a request that writes, the change joins its transaction and the
    service's one commit carries it (a request that fails does not count as
    a use). A request that only reads has nothing to join: it writes the
    change in a short write transaction of its own, before it reads anything
    else, so no read snapshot has to be upgraded to a writer (which SQLite
    refuses with "database is locked").
    """
    statement = update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now)
    if in_write():
        db.session.execute(statement)
        return
    begin_own_write()
    db.session.execute(statement)
    db.session.commit()


def list_tokens(user: User) -> list[ApiToken]:
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    ))


def revoke_token(user: User, token_id: int) -> None:
    """Delete one of the member's own tokens; another member's is as good as missing."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound("There is no such token.")
    db.session.delete(token)
    db.session.commit()


def revoke_raw_token(raw: str) -> None:
    """Delete the token that was sent, as a client logging out does."""
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(raw)))
    if token is None:
        raise NotFound("There is no such token.")
    db.session.delete(token)
    db.session.commit()


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()
