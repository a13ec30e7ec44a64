"""Idempotency-Key: a member's retried creating request gets the first answer instead of a second resource.

The key is claimed in the request's own write transaction, before the
service runs, so the service's one commit stores the claim with what it
created, and a request that fails leaves no claim behind. The answer is
written right after; a retry that arrives in between is told to wait.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update

from ..database import begin_write
from ..errors import BadRequest, Conflict, Invalid
from ..extensions import db
from ..limits import IDEMPOTENCY_KEY_MAX
from ..models import IdempotentRequest, User, utcnow
from ..models.base import dialect_insert

KEY_PATTERN = re.compile(rf"[\x21-\x7e]{{1,{IDEMPOTENCY_KEY_MAX}}}")  # visible ASCII, as in a header
KEPT_FOR = timedelta(hours=24)  # a client retries within minutes; a day covers an outage


@dataclass(frozen=True)
class Answer:
    """The status and JSON body the first request with a key was answered."""

    status: int
    body: str


def fingerprint(method: str, path: str, body: bytes) -> str:
    """What makes two requests the same request."""
    return hashlib.sha256(f"{method} {path}\n".encode() + body).hexdigest()


def claim_key(user: User, key: str, *, request_hash: str) -> Answer | None:
    """Claim ``key`` for a new request (None), or return the answer its first request got.

    Opens the request's write transaction; call before the service runs.
    Raises BadRequest for a malformed key, Invalid when the key named another
    request, and Conflict while the first request is still being answered.
    """
    if not KEY_PATTERN.fullmatch(key):
        raise BadRequest(f"An Idempotency-Key is 1 to {IDEMPOTENCY_KEY_MAX} visible ASCII characters.")
    begin_write()  # the service that follows writes in this same transaction
    db.session.execute(delete(IdempotentRequest).where(
        IdempotentRequest.user_id == user.id, IdempotentRequest.created_at < utcnow() - KEPT_FOR))
    insert = dialect_insert(db.engine.dialect.name)
    # On PostgreSQL a concurrent claim of the same key waits here until the first one commits or rolls back.
    claimed = db.session.scalar(
        insert(IdempotentRequest)
        .values(user_id=user.id, key=key, fingerprint=request_hash, created_at=utcnow())
        .on_conflict_do_nothing().returning(IdempotentRequest.id)
    )
    if claimed is not None:
        return None
    first = db.session.execute(select(IdempotentRequest.fingerprint, IdempotentRequest.status, IdempotentRequest.body)
                               .where(IdempotentRequest.user_id == user.id, IdempotentRequest.key == key)).one()
    if first.fingerprint != request_hash:
        raise Invalid("This Idempotency-Key was sent with a different request; use a new key for a new request.")
    if first.status is None:
        raise Conflict("The first request with this Idempotency-Key is still being answered; retry in a moment.")
    return Answer(first.status, first.body)


def record_answer(user: User, key: str, answer: Answer) -> None:
    """Keep the answer of the request that claimed ``key``; commits, after the service's own commit."""
    begin_write()
    db.session.execute(update(IdempotentRequest)
                       .where(IdempotentRequest.user_id == user.id, IdempotentRequest.key == key)
                       .values(status=answer.status, body=answer.body))
    db.session.commit()
