"""Workers killed, the server stopped, the database cut off, in the middle of writes: nothing acknowledged is lost."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import requests
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Post, Thread
from forum.services import tokens
from tests.conftest import POSTGRESQL_URL, build_app, dispose
from tests.factories import Factory
from tests.faults.servers import CuttableProxy, wait_until

WRITERS, POSTS_EACH = 4, 30
CUT_SECONDS = 3.0
RECOVERY_SECONDS = 3.0  # after the database is back, the pool reconnects on the next checkout


class Writers:
    """WRITERS members posting POSTS_EACH answers each, one after another; keeps what was acknowledged."""

    def __init__(self, base: str, thread_id: int) -> None:
        make = Factory()
        self.url = f"{base}/api/v1/threads/{thread_id}/posts"
        self.tokens = [tokens.issue_token(make.user(f"writer{i}")) for i in range(WRITERS)]
        db.session.rollback()
        self.acknowledged: list[int] = []
        self.statuses: list[int] = []
        self.threads = [threading.Thread(target=self._write, args=(i,)) for i in range(WRITERS)]

    def _write(self, number: int) -> None:
        headers = {"Authorization": f"Bearer {self.tokens[number]}"}
        for count in range(POSTS_EACH):
            try:
                answer = requests.post(self.url, json={"body": f"Writer {number}, post {count}."},
                                       headers=headers, timeout=60)
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
                continue  # the server went away mid-request or mid-answer: not acknowledged, may or may not be stored
            self.statuses.append(answer.status_code)
            if answer.status_code == 201:
                self.acknowledged.append(answer.json()["id"])

    def start(self) -> Writers:
        for thread in self.threads:
            thread.start()
        return self

    def join(self) -> None:
        for thread in self.threads:
            thread.join(timeout=300)


def stored_and_counted(thread_id: int) -> tuple[set[int], int]:
    db.session.rollback()  # a fresh snapshot: the servers wrote after this session last read
    ids = set(db.session.scalars(select(Post.id).where(Post.thread_id == thread_id)))
    return ids, db.session.get(Thread, thread_id).post_count


def test_a_worker_killed_during_writes_loses_no_acknowledged_post(seeded, gunicorn, redis):
    thread_id = Factory().thread().id
    server = gunicorn(redis_url=redis.url)
    writers = Writers(server.base, thread_id).start()
    wait_until(lambda: len(writers.acknowledged) >= 10, 60, "the first acknowledged posts")
    os.kill(server.worker_pids()[0], signal.SIGKILL)
    acknowledged_before_the_kill = len(writers.acknowledged)
    writers.join()
    stored, counted = stored_and_counted(thread_id)
    assert set(writers.acknowledged) <= stored
    assert counted == len(stored)  # no half-written post: each row came with its counters
    assert len(writers.acknowledged) > acknowledged_before_the_kill  # the other worker and the respawned one
    assert all(status < 500 for status in writers.statuses)


def test_sigterm_during_writes_stops_gracefully_and_loses_nothing_acknowledged(seeded, gunicorn, redis):
    thread_id = Factory().thread().id
    server = gunicorn(redis_url=redis.url)
    writers = Writers(server.base, thread_id).start()
    wait_until(lambda: len(writers.acknowledged) >= 10, 60, "the first acknowledged posts")
    assert server.stop(signal.SIGTERM) == 0
    writers.join()
    stored, counted = stored_and_counted(thread_id)
    assert set(writers.acknowledged) <= stored and counted == len(stored)
    assert all(status < 500 for status in writers.statuses)
    assert "Shutting down" in server.log() and "Traceback" not in server.log()


@pytest.fixture
def postgresql_seeded() -> Iterator[str]:
    """The emptied PostgreSQL test database (the suite's own, or FORUM_TEST_POSTGRESQL_URL), in an app context."""
    app = build_app(POSTGRESQL_URL)
    with app.app_context():
        yield POSTGRESQL_URL
    dispose(app)


@pytest.mark.postgresql
def test_a_database_cut_off_for_seconds_gives_503s_only_meanwhile_then_recovers(postgresql_seeded, gunicorn, redis):
    database_uri = postgresql_seeded
    target = urlsplit(database_uri)
    proxy = CuttableProxy(target.hostname, target.port or 5432)
    make = Factory()
    post_id = make.post(make.thread(), author=make.user("author")).id
    token = tokens.issue_token(make.user("voter"))
    db.session.rollback()
    proxied = database_uri.replace(f"{target.hostname}:{target.port or 5432}", f"127.0.0.1:{proxy.port}")
    server = gunicorn(redis_url=redis.url, env={"DATABASE_URL": proxied})
    pid = server.process.pid
    answers: list[tuple[float, str, int]] = []
    headers = {"Authorization": f"Bearer {token}"}

    def probe(until: float) -> None:
        value = 1
        while time.monotonic() < until:
            read = requests.get(f"{server.base}/api/v1/posts/{post_id}", timeout=30)
            write = requests.put(f"{server.base}/api/v1/posts/{post_id}/vote", json={"value": value},
                                 headers=headers, timeout=30)
            answers.extend([(time.monotonic(), "read", read.status_code), (time.monotonic(), "write", write.status_code)])
            value = -value
            time.sleep(0.05)

    try:
        probe(time.monotonic() + 1.0)
        cut_at = time.monotonic()
        proxy.cut()
        probe(cut_at + CUT_SECONDS)
        restored_at = time.monotonic()
        proxy.restore()
        probe(restored_at + RECOVERY_SECONDS + 2.0)
    finally:
        proxy.close()
    assert all(status in (200, 503) for _, _, status in answers), sorted({(kind, status) for _, kind, status in answers})
    assert any(status == 503 for _, _, status in answers)  # the cut was felt
    assert all(status == 200 for at, _, status in answers if at < cut_at or at > restored_at + RECOVERY_SECONDS)
    assert server.process.pid == pid and server.process.poll() is None  # recovered without a restart
