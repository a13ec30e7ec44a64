"""Rate limits: one atomic check-and-count per attempt, kept where every app process sees it.

Counters live in Redis when one is configured (``REDIS_URL``, or any storage
of the ``limits`` library in ``RATELIMIT_STORAGE_URI``), otherwise in the
database's ``rate_limit_counters`` table, so that several gunicorn workers on
one SQLite file count together, exactly. Each limit is a fixed window that
opens at its first hit ("8 per 15 minutes": eight hits, then none until
fifteen minutes after the first); a setting may list several windows
("10 per hour; 20 per day"), and 0 switches it off.

A hit belongs to the request's database transaction: it counts when the
service commits, and a request refused after it hit (the service raises and
nothing commits) takes its hits back, so a refused request never counts.
While Redis cannot be reached the database keeps the counts and a warning is
logged: an outage never becomes a 500, and the limits still hold.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import time
from functools import lru_cache
from typing import TYPE_CHECKING

from flask import Flask, current_app
from sqlalchemy import bindparam, case, delete, event, or_, select, update
from sqlalchemy.orm import Session, SessionTransaction

from ..database import begin_write
from ..errors import RateLimited
from ..extensions import db
from ..models.base import dialect_insert
from ..models.rate_limit import MAX_KEY_LENGTH, RateLimitCounter

if TYPE_CHECKING:
    from limits import RateLimitItem

    from .shared_counters import StorageCounters

EXTENSION = "forum_throttle"
PENDING = "forum_throttle_pending"  # Session.info: hits in shared storage to take back if nothing commits
PRUNE_ODDS = 100  # one database hit in a hundred also deletes a batch of expired counters
PRUNE_BATCH = 100


def hit(limit: str | int | None, *key: str, message: str, field: str | None = None) -> None:
    """Count one attempt by ``key`` against ``limit``, or raise RateLimited when none is left.

    The check and the count are one atomic step, so requests that arrive
    together cannot all pass a check before any of them is counted. The hit
    counts once the service commits. ``message`` may hold ``{wait}``.
    """
    if not current_app.config["RATELIMIT_ENABLED"]:
        return
    begin_write()  # a count is a write: SQLite's lock before it, and the hits settle with the commit
    counters = _counters()
    for window in windows(limit):
        wait = counters.hit(window, _key(window, key))
        if wait:
            raise RateLimited(message.format(wait=describe_wait(wait)), retry_after=wait, field=field)


def undo(limit: str | int | None, *key: str) -> None:
    """Take back this request's hit of ``key``, committed or not (a login that succeeded was no failed attempt)."""
    if not current_app.config["RATELIMIT_ENABLED"]:
        return
    begin_write()
    counters = _counters()
    for window in windows(limit):
        counters.undo(window, _key(window, key))


def storage_health() -> str | None:
    """"ok" or "unreachable" for the shared storage (Redis); None when counters live in the database."""
    counters = _counters()
    if isinstance(counters, DatabaseCounters):
        return None
    return "ok" if counters.check() else "unreachable"


@lru_cache(maxsize=256)
def windows(limit: str | int | None) -> tuple[RateLimitItem, ...]:
    """The windows of a limit setting such as "10 per hour; 20 per day"; none for 0 or ""."""
    if limit in (None, 0, False) or (isinstance(limit, str) and limit.strip() in ("", "0")):
        return ()
    if not isinstance(limit, str):
        raise ValueError(f"{limit!r} is not a rate limit; write it like \"10 per hour\", or 0 for none.")
    from limits import parse_many  # here, not at start: a server's first pages count nothing

    return tuple(window for window in parse_many(limit) if window.amount > 0)


def describe_wait(seconds: int) -> str:
    """The wait in words: seconds under a minute, minutes up to an hour, hours beyond."""
    if seconds < 60:
        count, unit = seconds, "second"
    elif seconds <= 3600:
        count, unit = math.ceil(seconds / 60), "minute"
    else:
        count, unit = math.ceil(seconds / 3600), "hour"
    return f"{count} {unit}{'s' if count != 1 else ''}"


def init_app(app: Flask) -> None:
    """Keep the app's counters in RATELIMIT_STORAGE_URI, else REDIS_URL, else the database."""
    uri = app.config.get("RATELIMIT_STORAGE_URI") or app.config.get("REDIS_URL")
    database = DatabaseCounters()
    if uri:
        from .shared_counters import StorageCounters  # loads the limits library and its storage's client

        app.extensions[EXTENSION] = StorageCounters(uri, database)
    else:
        app.extensions[EXTENSION] = database


class DatabaseCounters:
    """Counters in the rate_limit_counters table, written in the request's own transaction."""

    def hit(self, window: RateLimitItem, key: str) -> int:
        """0 when the hit is counted, else the seconds until the window ends."""
        now = time.time()
        params = {"key": key, "now": now, "expires_at": now + window.get_expiry(), "amount": window.amount}
        if db.session.execute(_hit_statement(db.engine.dialect.name), params).first() is not None:
            if secrets.randbelow(PRUNE_ODDS) == 0:
                prune_expired(now)
            return 0
        table = RateLimitCounter.__table__
        expires_at = db.session.scalar(select(table.c.expires_at).where(table.c.key == key))
        return max(1, math.ceil((expires_at or now) - now))

    def undo(self, window: RateLimitItem, key: str) -> None:
        table = RateLimitCounter.__table__
        db.session.execute(update(table).where(table.c.key == key, table.c.hits > 0, table.c.expires_at > time.time())
                           .values(hits=table.c.hits - 1))


@lru_cache(maxsize=2)
def _hit_statement(dialect: str):
    """INSERT ... ON CONFLICT DO UPDATE that opens a window or adds a hit while hits remain, else changes nothing.

    Built once per dialect: building it cost more than running it.
    """
    table = RateLimitCounter.__table__
    insert = dialect_insert(dialect)
    statement = insert(table).values(key=bindparam("key"), hits=1, expires_at=bindparam("expires_at"))
    expired = table.c.expires_at <= bindparam("now")
    return statement.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={"hits": case((expired, 1), else_=table.c.hits + 1),
              "expires_at": case((expired, statement.excluded.expires_at), else_=table.c.expires_at)},
        where=or_(expired, table.c.hits < bindparam("amount")),
    ).returning(table.c.hits)


def prune_expired(now: float) -> None:
    """Delete a batch of counters whose window has ended, skipping rows other requests hold."""
    table = RateLimitCounter.__table__
    stale = (select(table.c.key).where(table.c.expires_at < now).limit(PRUNE_BATCH)
             .with_for_update(skip_locked=True))
    db.session.execute(delete(table).where(table.c.key.in_(stale)))


def _counters() -> DatabaseCounters | StorageCounters:
    return current_app.extensions[EXTENSION]


def _key(window: RateLimitItem, parts: tuple[str, ...]) -> str:
    key = window.key_for(*parts)
    return key if len(key) <= MAX_KEY_LENGTH else "sha256/" + hashlib.sha256(key.encode()).hexdigest()


def _pending(session: Session) -> list:
    if not session.in_transaction():
        session.begin()  # tie the hit to a transaction, so that its end settles the hit
    return session.info.setdefault(PENDING, [])


@event.listens_for(Session, "after_commit")
def _keep_hits(session: Session) -> None:
    session.info.pop(PENDING, None)


@event.listens_for(Session, "after_transaction_end")
def _take_back_uncommitted_hits(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        for counters, window, key in session.info.pop(PENDING, ()):
            counters.take_back(window, key)
