"""Fixtures of the fault tests: the suite's database seeded in-process, then served by real gunicorn servers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.conftest import build_app, dispose
from tests.faults.servers import Gunicorn, Redis


@pytest.fixture
def seeded(database_uri: str) -> Iterator[Flask]:
    """An app context on the emptied test database, for seeding and for checking what was stored."""
    app = build_app(database_uri)
    with app.app_context():
        yield app
    dispose(app)


@pytest.fixture
def redis() -> Iterator[Redis]:
    server = Redis()
    yield server
    server.stop()


@pytest.fixture
def gunicorn(database_uri: str, tmp_path) -> Iterator[Callable[..., Gunicorn]]:
    """``gunicorn(**settings)`` starts a server on the test database; all are stopped afterwards."""
    started: list[Gunicorn] = []

    def start(**settings) -> Gunicorn:
        server = Gunicorn(database_uri, tmp_path, **settings)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.faults)
