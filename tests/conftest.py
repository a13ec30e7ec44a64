"""Fixtures shared by every test: an app on a clean database, a client, a factory."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from aiosmtpd.controller import Controller
from flask import Flask, g
from flask.testing import FlaskClient
from sqlalchemy import event, text

from forum import create_app
from forum.extensions import db
from forum.fts import create_search_index
from forum.services import throttle
from forum.services.mail import EXTENSION_KEY
from tests.factories import Factory
from tests.http.api_client import serve

TEST_DATABASE_URL = os.environ.get("FORUM_TEST_DATABASE_URL")
# Where tests marked postgresql find PostgreSQL: the suite's own database when it is one (CI's second run).
POSTGRESQL_URL = next((url for url in (TEST_DATABASE_URL, os.environ.get("FORUM_TEST_POSTGRESQL_URL"))
                       if url and url.startswith("postgresql")), None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without PostgreSQL, tests marked postgresql are left out (deselected, as -m would), not skipped."""
    if POSTGRESQL_URL:
        return
    left_out = [item for item in items if item.get_closest_marker("postgresql")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]
# Rate-limit counters in this Redis (its LIMITS keys are cleared per test), else in the test database.
TEST_REDIS_URL = os.environ.get("FORUM_TEST_REDIS_URL")


@pytest.fixture(scope="session")
def database_uri(tmp_path_factory: pytest.TempPathFactory) -> str:
    """FORUM_TEST_DATABASE_URL, or a SQLite file (threads of a live server can share it)."""
    return TEST_DATABASE_URL or f"sqlite:///{tmp_path_factory.mktemp('db')}/forum-test.sqlite3"


class Client(FlaskClient):
    """A test client whose requests start as fresh as in production.

    The tests keep one app context open, so each request would otherwise
    inherit the previous one's `g` (Flask-Login's cached user), objects and
    open transaction. In production a request ends by removing its session,
    which rolls back what it did not commit (a refused request's counted
    hits, say); ending each request with a rollback does the same here. The
    next request starts with nothing loaded; expiring every object does the
    same here (a rollback expires only what a transaction still open had
    loaded, and a commit that keeps its objects, such as an answer's, leaves
    them loaded).
    """

    def open(self, *args, **kwargs):
        g.pop("_login_user", None)
        db.session.rollback()
        db.session.expire_all()
        try:
            return super().open(*args, **kwargs)
        finally:
            db.session.rollback()


def build_app(database_uri: str, *, config_name: str = "testing", instance_path: str | None = None,
              **overrides) -> Flask:
    app = create_app(
        config_name,
        {"SQLALCHEMY_DATABASE_URI": database_uri, "RATELIMIT_STORAGE_URI": TEST_REDIS_URL, **overrides},
        instance_path=instance_path,
    )
    app.test_client_class = Client
    with app.app_context():
        _fresh_schema_once(database_uri)
        db.create_all()
        with db.engine.begin() as connection:
            create_search_index(connection)
        _empty_tables()
    if TEST_REDIS_URL and app.config["RATELIMIT_STORAGE_URI"] == TEST_REDIS_URL:
        app.extensions[throttle.EXTENSION].storage.reset()
    return app


_SCHEMAS_MADE: set[str] = set()


def _fresh_schema_once(database_uri: str) -> None:
    """On a PostgreSQL database kept between runs, start each run from an empty schema.

    create_all adds missing tables but never a column added since the last
    run, so an old table would fail every test that reads the new column.
    """
    if database_uri in _SCHEMAS_MADE:
        return
    _SCHEMAS_MADE.add(database_uri)
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("DROP SCHEMA public CASCADE"))
        db.session.execute(text("CREATE SCHEMA public"))
        db.session.commit()


def _empty_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(table.name for table in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


def dispose(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(database_uri: str) -> Iterator[Flask]:
    app = build_app(database_uri)
    with app.app_context():
        yield app
    dispose(app)


@pytest.fixture
def csrf_app(database_uri: str) -> Iterator[Flask]:
    """The app with CSRF protection on, as in production."""
    app = build_app(database_uri, WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield app
    dispose(app)


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The app served on a free loopback port in a thread, for browsers and real HTTP clients."""
    with serve(app) as url:
        yield url


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def make(app: Flask) -> Factory:
    return Factory()


class AuthActions:
    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, user_or_name, password: str = Factory.PASSWORD, **extra):
        name = getattr(user_or_name, "username", user_or_name)
        return self._client.post("/login", data={"identifier": name, "password": password, **extra})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def thread(make: Factory):
    """A question thread of a new article."""
    return make.thread()


@pytest.fixture
def author(make: Factory):
    return make.user("author")


@pytest.fixture
def post(make: Factory, thread, author):
    """A visible answer by ``author`` in ``thread``."""
    return make.post(thread, author=author, body="The original answer")


@pytest.fixture
def member(make: Factory):
    return make.user("member")


@pytest.fixture
def moderator(make: Factory):
    return make.user("moderator", role="moderator")


@pytest.fixture
def admin(make: Factory):
    return make.user("admin", role="admin")


class QueryCounter:
    """Counts the SQL statements run while it is active."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, _conn, _cursor, statement, *_args) -> None:
        self.statements.append(statement)

    def __len__(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app: Flask):
    """``with count_queries() as counter: ...`` then ``len(counter)``."""
    @contextmanager
    def counting():
        counter = QueryCounter()
        event.listen(db.engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(db.engine, "before_cursor_execute", counter)

    return counting


class SmtpCollector:
    """An SMTP server's handler that keeps every message it is sent."""

    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted"


@pytest.fixture
def smtp() -> Iterator[tuple[SmtpCollector, int]]:
    """An SMTP sink on a free local port: (collector, port)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    collector = SmtpCollector()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    yield collector, port
    controller.stop()


@pytest.fixture
def mail_app(database_uri, smtp):
    """The app sending its email to the ``smtp`` sink."""
    app = build_app(database_uri, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp[1], MAIL_SENDER="agora@example.org",
                    SITE_URL="https://agora.example.org")
    with app.app_context():
        yield app
        app.extensions[EXTENSION_KEY].close()
    dispose(app)
