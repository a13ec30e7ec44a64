"""A database that cannot be reached, a full disk, a rollback that fails: 503 with Retry-After, never a 500."""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import Iterator

import psycopg
import pytest
import requests
from flask import Flask
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from forum import create_app
from forum.database import unavailable_reason
from forum.extensions import db
from tests.conftest import build_app, dispose
from tests.factories import Factory
from tests.http.api_client import ApiClient, serve

UNAVAILABLE = "Agora is unavailable for a moment"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(params=["sqlite", "postgresql"])
def unreachable_app(request, tmp_path) -> Iterator[Flask]:
    """The app with its database out of reach: a SQLite file it cannot open, or nothing listening."""
    uri = (f"sqlite:///{tmp_path}/missing/forum.sqlite3" if request.param == "sqlite"
           else f"postgresql+psycopg://postgres@127.0.0.1:{closed_port()}/agora")
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": uri, "RATELIMIT_STORAGE_URI": "memory://"})
    yield app
    dispose(app)


@pytest.mark.parametrize("path", ["/", "/u/someone"])
def test_pages_answer_503_with_retry_after_while_the_database_is_unreachable(unreachable_app, path):
    response = unreachable_app.test_client().get(path)
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert UNAVAILABLE in response.get_data(as_text=True)


def test_the_api_answers_a_json_503_while_the_database_is_unreachable(unreachable_app):
    response = unreachable_app.test_client().get("/api/v1/articles")
    assert response.status_code == 503 and int(response.headers["Retry-After"]) > 0
    assert response.json["error"]["code"] == "unavailable"
    assert response.json["error"]["message"].startswith(UNAVAILABLE)


def test_health_check_reports_the_unreachable_database(unreachable_app):
    response = unreachable_app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "error" and response.json["database"] == "unreachable"
    assert response.json["disk"] == "ok"


def test_health_check_reports_ok_and_a_full_disk(app):
    healthy = app.test_client().get("/healthz").json
    assert (healthy["status"], healthy["database"], healthy["disk"]) == ("ok", "ok", "ok")
    app.config["DISK_MIN_FREE_MB"] = 10**12  # more than any disk holds: this one counts as full
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert (response.json["status"], response.json["disk"]) == ("error", "full")


@pytest.fixture
def full_sqlite_app(tmp_path) -> Iterator[Flask]:
    """Agora on a SQLite file that may not grow any more, as when its disk is full."""
    app = build_app(f"sqlite:///{tmp_path}/full.sqlite3")
    with app.app_context():
        Factory().user("writer")
        thread_id = Factory().thread().id
        db.session.remove()
        event.listen(db.engine, "connect", lambda dbapi, _record: dbapi.execute(
            "PRAGMA max_page_count = " + str(dbapi.execute("PRAGMA page_count").fetchone()[0])))
        db.engine.dispose()
        app.config.update(thread_id=thread_id)
        yield app
    dispose(app)


def test_a_post_on_a_full_disk_answers_503_saying_the_disk_is_full(full_sqlite_app):
    api = ApiClient(full_sqlite_app.test_client()).login("writer")
    long_body = "A long answer that needs new pages. " * 200
    answer = api.post(f"/threads/{full_sqlite_app.config['thread_id']}/posts", {"body": long_body})
    assert answer.status_code == 503 and int(answer.headers["Retry-After"]) > 0
    assert "disk is full" in answer.json["error"]["message"]


def test_full_disks_and_lost_connections_are_told_apart():
    full = OperationalError("INSERT", {}, psycopg.errors.DiskFull("could not extend file"))
    sqlite_full = OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))
    gone = OperationalError("SELECT 1", {}, psycopg.OperationalError("server closed the connection unexpectedly"))
    assert [unavailable_reason(e) for e in (full, sqlite_full, gone)] == ["disk_full", "disk_full", "database"]
    assert unavailable_reason(OSError(28, "No space left on device")) == "disk_full"
    assert unavailable_reason(ValueError("a bug")) is None


def test_a_rollback_that_fails_after_the_answer_is_ready_still_sends_the_answer(tmp_path):
    # Its own SQLite file on either suite: a connection whose rollback failed is
    # left for the garbage collector, which psycopg reports as a ResourceWarning.
    app = build_app(f"sqlite:///{tmp_path}/rollback.sqlite3")
    with app.app_context():
        Factory().article(title="Still readable")
        db.session.remove()
        _serve_with_a_failing_rollback(app)


def _serve_with_a_failing_rollback(app: Flask) -> None:

    def broken_rollback(_conn) -> None:
        raise OperationalError("ROLLBACK", {}, sqlite3.OperationalError("disk I/O error"))

    event.listen(db.engine, "rollback", broken_rollback)
    try:
        with serve(app) as base:
            response = requests.get(f"{base}/", timeout=30)
    finally:
        event.remove(db.engine, "rollback", broken_rollback)
        dispose(app)
    assert response.status_code == 200
    assert "Still readable" in response.text
