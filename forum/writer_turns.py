"""SQLite writers' turns: one writer at a time asks SQLite for its lock, across threads and processes."""

from __future__ import annotations

import fcntl
import itertools
import logging
import os
import sqlite3
import threading
from time import monotonic, sleep

from sqlalchemy.engine import URL, Connection

WRITE_OPTION = "forum_write"  # the execution option of a connection opened to write (database.begin_write)
# A process's write turns between two checkpoints of the WAL, each run once its turn is handed over. An
# answer adds about 16 pages to the WAL; SQLite's own checkpoint, when the WAL passes 1,000 pages, ran in
# the COMMIT that passed them, holding the turn (37 of 1,040 answers' COMMITs took 2 to 30 ms).
CHECKPOINT_EVERY = 32


def lock_file_path(url: URL) -> str | None:
    """``<database file>-writer.lock`` beside a SQLite database file; None for one in memory or given as a URI."""
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:") or url.query.get("mode") == "memory":
        return None
    return f"{os.path.abspath(database)}-writer.lock"


class WriterTurn:
    """Writers queue for their turn before BEGIN IMMEDIATE: on a lock of their process, then on a lock file.

    SQLite's busy handler makes a waiting writer sleep and poll, up to 100 ms
    a time, so under 8 writers an unlucky one waited seconds while others
    went ahead (p99 1.8 s, max 4.7 s). Threads of one process wait on a lock
    that hands over the moment a writer commits. The holder of that lock then
    takes an exclusive ``flock`` on ``<database>-writer.lock``, which the
    writers of other processes (gunicorn's workers, a CLI command) take too:
    the one holding it is the only one asking SQLite, and the others poll it
    every millisecond at most instead of SQLite's growing sleeps. (fcntl:
    Agora runs on Linux and other Unix systems, not Windows.)

    Each process opens the lock file itself, on its first write: a file
    opened before gunicorn forks would be one open file description shared
    by every worker, and a flock held through it would let them all in. The
    kernel drops a killed process's flock. The two waits together give up
    after the busy timeout, and the writer then asks SQLite, whose busy
    timeout still orders writers. Both are released once the COMMIT or ROLLBACK has run, when
    the connection goes back to the pool (a session returns it as its transaction ends), or
    when the connection is dropped; handed over earlier, the next writer would meet SQLite's lock.
    """

    HELD = "forum_writer_turn"
    FIRST_POLL = 0.0001  # seconds; doubled after each try, up to LAST_POLL
    LAST_POLL = 0.001

    def __init__(self, path: str | None, *, timeout: float) -> None:
        self._lock = threading.Lock()
        self._turns = itertools.count(1)
        self._timeout = timeout  # seconds: the busy timeout, after which SQLite's own waiting takes over
        self._path = path
        self._file: tuple[int, int] | None = None  # (pid, fd): the process's own open lock file

    def begin(self, conn: Connection) -> None:
        if not conn.get_execution_options().get(WRITE_OPTION):
            conn.exec_driver_sql("BEGIN")
            return
        deadline = monotonic() + self._timeout
        if self._lock.acquire(timeout=self._timeout):
            conn.info[self.HELD] = self._take_file(deadline)
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except Exception:
            self.release(conn.info)
            raise

    def release(self, info: dict, connection: sqlite3.Connection | None = None) -> None:
        """Hand the turn over, if ``info`` (a pooled connection's) holds it; then, every CHECKPOINT_EVERY
        turns, checkpoint the WAL on ``connection`` (one going back to the pool, its COMMIT done)."""
        if self.HELD not in info:
            return
        fd = info.pop(self.HELD)
        try:
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            self._lock.release()
        if connection is not None and next(self._turns) % CHECKPOINT_EVERY == 0:
            checkpoint(connection)

    def _take_file(self, deadline: float) -> int | None:
        """Wait until ``deadline`` for the lock file's flock (holding the process's lock); its fd, or None
        without it. Polled: a blocking flock cannot give up, and a holder that hangs would hang every writer."""
        fd = self._fd()
        if fd is None:
            return None
        pause = self.FIRST_POLL
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                if monotonic() >= deadline:
                    return None
            sleep(pause)
            pause = min(pause * 2, self.LAST_POLL)

    def _fd(self) -> int | None:
        """This process's lock file, opened on its first write (a child of a fork opens its own)."""
        if self._path is None:
            return None
        pid = os.getpid()
        if self._file is None or self._file[0] != pid:
            if self._file is not None:
                os.close(self._file[1])  # the parent's: closing this copy leaves the parent's flock alone
            try:
                self._file = (pid, os.open(self._path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644))
            except OSError:
                logging.getLogger(__name__).warning("Cannot open %s; writers of other processes are ordered "
                                                    "by SQLite's busy timeout alone.", self._path, exc_info=True)
                self._path = None
                return None
        return self._file[1]


def checkpoint(connection: sqlite3.Connection) -> None:
    """Copy the WAL's pages into the database file as far as readers allow, without waiting for readers
    or writers (PASSIVE); SQLite's own checkpoint at 1,000 pages stays as the backstop."""
    try:
        connection.execute("PRAGMA wal_checkpoint(PASSIVE)").close()
    except sqlite3.Error:
        logging.getLogger(__name__).warning("Checkpointing the WAL failed; SQLite's own checkpoint will.",
                                            exc_info=True)
