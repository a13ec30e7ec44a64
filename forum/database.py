"""Engine settings that stock SQLite gets wrong for a web server with many threads."""

from __future__ import annotations

import errno
import functools
import logging
import math
import sqlite3
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from flask import Flask
from sqlalchemy import event, exc
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction
from sqlalchemy.sql import Executable

from .extensions import db
from .writer_turns import WRITE_OPTION, WriterTurn, lock_file_path

WRITING = "forum_writing"  # Session.info: the transaction was opened by begin_write()
CHANGED = "forum_changed"  # Session.info: the transaction has written
QUEUED = "forum_write_later"  # Session.info: statements waiting for the next write transaction
P = ParamSpec("P")
R = TypeVar("R")
BUSY_TIMEOUT_MS = 30_000
DISK_FULL_SQLSTATE = "53100"  # PostgreSQL's disk_full
# Errors of the database's availability, not of the query: a lost or refused
# connection, a lock or pool wait that ran out, a full disk.
UNAVAILABLE_ERRORS = (exc.OperationalError, exc.InterfaceError, exc.TimeoutError)


def default_sqlite_uri(app: Flask) -> str:
    """The embedded database: a file in the instance folder."""
    return f"sqlite:///{app.instance_path}/forum.sqlite3"


def configure_engine(app: Flask) -> None:
    """Tune SQLite: WAL, a busy timeout, foreign keys, and BEGIN IMMEDIATE for writes.

    A deferred BEGIN that later writes fails with "database is locked" when
    another writer got there first, whatever the busy timeout; taking the
    write lock up front makes the writer wait its turn instead.
    """
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite":
        return
    turn = WriterTurn(lock_file_path(engine.url), timeout=BUSY_TIMEOUT_MS / 1000)
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", turn.begin)
    # Not on the engine's "commit" or "rollback" events: they come before the COMMIT or ROLLBACK runs.
    event.listen(engine.pool, "checkin", lambda dbapi, record: turn.release(record.info, dbapi))
    for name in ("invalidate", "close"):
        event.listen(engine.pool, name, lambda _dbapi, record, *_: turn.release(record.info))


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is deferred).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    try:
        cursor.execute("SELECT sqrt(4), power(2, 3)")
    except sqlite3.OperationalError:
        # SQLite before 3.35, or built without math functions: the sort orders need these two.
        dbapi_connection.create_function("sqrt", 1, math.sqrt, deterministic=True)
        dbapi_connection.create_function("power", 2, math.pow, deterministic=True)
    cursor.close()


def begin_write() -> None:
    """Make the session's transaction a writer's: a service calls it before its first change.

    What comes before (loading the member, rendering Markdown, checks that
    need no lock) takes no lock, and a request that only reads never calls
    it. On SQLite a transaction that has read cannot become a writer once
    another connection has written since ("database is locked", whatever the
    busy timeout), so the read ends first (its objects reload on next use,
    now under the lock) and BEGIN IMMEDIATE waits its turn. PostgreSQL's
    transaction goes on as it is: row locks and atomic updates keep it exact.
    Bookkeeping queued with ``write_later`` joins this transaction.
    """
    session = db.session()
    if session.info.get(WRITING):
        return
    if session.new or session.dirty or session.deleted:
        session.flush()
    # A transaction that has written is a writer already (and ending it would lose the change).
    if session.in_transaction() and not session.info.get(CHANGED) and session.get_bind().dialect.name == "sqlite":
        session.rollback()
    session.connection(execution_options=None if session.in_transaction() else {WRITE_OPTION: True})
    session.info[WRITING] = True
    for statement in session.info.pop(QUEUED, ()):
        session.execute(statement)


def writes(service: Callable[P, R]) -> Callable[P, R]:
    """Run ``service`` in a write transaction opened as it starts (``begin_write``); for services
    that have nothing to do before their first change that would be worth doing without the lock."""
    @functools.wraps(service)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        begin_write()
        return service(*args, **kwargs)
    return wrapper


def commit_keeping_loaded() -> None:
    """Commit without expiring the loaded objects: what the transaction changed in them, or expired
    itself, is current; the rest was read in this transaction, under its write lock."""
    session = db.session()
    expiring, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expiring


def write_later(statement: Executable) -> None:
    """Queue bookkeeping (a token's last use) for the next write transaction, so it needs none of its own.

    A request that ends without writing writes it with ``write_queued``.
    """
    session = db.session()
    if session.info.get(WRITING):
        session.execute(statement)
    else:
        session.info.setdefault(QUEUED, []).append(statement)


def write_queued() -> None:
    """Write the bookkeeping no write transaction carried, in a short one of its own; commits."""
    if db.session().info.get(QUEUED):
        begin_write()
        db.session.commit()


@event.listens_for(Session, "after_flush")
def _note_flush(session: Session, _context: Any) -> None:
    session.info[CHANGED] = True


@event.listens_for(Session, "do_orm_execute")
def _note_change(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[CHANGED] = True


@event.listens_for(Session, "after_transaction_end")
def _end_write(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(WRITING, None)
        session.info.pop(CHANGED, None)


def rollback_quietly() -> None:
    """Roll the session back when its connection may be gone: a failed rollback is logged, not raised.

    A rollback that raises inside an error handler or a teardown would turn
    the answer into the server's bare "Internal Server Error".
    """
    try:
        db.session.rollback()
    except Exception:  # the connection is already broken; the pool drops it
        logging.getLogger(__name__).warning("Rollback failed; the connection is discarded.", exc_info=True)
        db.session.invalidate()


def remove_session(_error: BaseException | None = None) -> None:
    """End the request's session at teardown without letting a failed rollback replace the answer.

    Registered after Flask-SQLAlchemy's own teardown, so it runs first and
    leaves that one nothing to close.
    """
    session = db.session()
    try:
        session.close()
    except Exception:  # the connection is already broken; the pool drops it
        logging.getLogger(__name__).warning("Closing the session failed; the connection is discarded.",
                                            exc_info=True)
        session.invalidate()
    finally:
        db.session.registry.clear()


def unavailable_reason(error: BaseException) -> str | None:
    """"disk_full" or "database" when ``error`` means the data cannot be reached for now; None for a bug."""
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return "disk_full"
    if not isinstance(error, UNAVAILABLE_ERRORS):
        return None
    original = getattr(error, "orig", None)
    if getattr(original, "sqlstate", None) == DISK_FULL_SQLSTATE:
        return "disk_full"
    if isinstance(original, sqlite3.OperationalError) and "full" in str(original):
        return "disk_full"  # SQLITE_FULL: "database or disk is full"
    return "database"
