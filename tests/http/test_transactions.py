"""Write transactions are the services' own: reads take no write lock, a write takes one, Markdown is rendered first."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from flask import Flask
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from forum import database
from forum.database import WRITE_OPTION, WRITING
from forum.extensions import db
from forum.models import ApiToken, Thread, User
from forum.services import auth as auth_service
from forum.services import posts, tokens
from tests.conftest import build_app, dispose
from tests.factories import Factory
from tests.http.api_client import ApiClient


@contextmanager
def transactions() -> Iterator[dict[str, int]]:
    """Counts the connections begun as writers and the commits while the block runs."""
    seen = {"writers": 0, "commits": 0}

    def began(conn) -> None:
        seen["writers"] += bool(conn.get_execution_options().get(WRITE_OPTION))

    def committed(_session) -> None:
        seen["commits"] += 1

    event.listen(db.engine, "begin", began)
    event.listen(Session, "after_commit", committed)
    try:
        yield seen
    finally:
        event.remove(db.engine, "begin", began)
        event.remove(Session, "after_commit", committed)


@pytest.fixture
def api(client, member) -> ApiClient:
    return ApiClient(client, tokens.issue_token(member))


def test_pages_that_only_read_open_no_write_transaction(client, auth, member, post):
    auth.login("member")
    with transactions() as seen:
        for url in (f"/threads/{post.thread_id}", f"/posts/{post.id}", "/", "/settings", "/notifications"):
            assert client.get(url).status_code == 200, url
    assert seen == {"writers": 0, "commits": 0}


def test_a_post_refused_for_its_input_opens_no_write_transaction(client, auth, member, post):
    auth.login("member")
    with transactions() as seen:
        client.post(f"/posts/{post.id}/reply", data={"body": ""})
        client.post(f"/posts/{post.id}/reply", data={"body": "x" * 100_000})
    assert seen == {"writers": 0, "commits": 0}


def test_a_tokens_last_use_joins_the_answers_transaction(api, post):
    with transactions() as seen:
        assert api.post(f"/threads/{post.thread_id}/posts", {"body": "An answer."}).status_code == 201
    assert seen["commits"] == 1
    assert db.session.scalar(select(ApiToken.last_used_at)) is not None


def test_a_read_with_a_token_writes_only_its_last_use(api, post):
    with transactions() as seen:
        assert api.get(f"/threads/{post.thread_id}").status_code == 200
        assert api.get(f"/threads/{post.thread_id}").status_code == 200  # the use was just recorded
    assert seen["commits"] == 1


def test_markdown_is_rendered_before_the_write_transaction_opens(app, monkeypatch, member, thread):
    writing_while_rendering = []
    render = posts.render_post_body

    def watched(body: str) -> str:
        writing_while_rendering.append(bool(db.session.info.get(WRITING)))
        return render(body)

    monkeypatch.setattr(posts, "render_post_body", watched)
    post = posts.create_post(member, thread, body="First *version*.")
    posts.edit_post(member, post, body="Second *version*.")
    assert writing_while_rendering == [False, False]


@pytest.fixture
def impatient_app(database_uri, monkeypatch) -> Iterator[Flask]:
    """The app with a writer that gives up after a fifth of a second instead of thirty."""
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    app = build_app(database_uri, IMPORT_ALLOW_PRIVATE_URLS=True)
    with app.app_context():
        yield app
    dispose(app)


@contextmanager
def page_that_waits_for(action: Callable[[], None]) -> Iterator[str]:
    """A loopback page that answers only once ``action`` (run while it is being fetched) is done."""
    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            action()
            body = b"<html><title>Slow story</title><h1>Slow story</h1><p>Text.</p><h3>Over to you</h3><p>Why?</p>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/story"
    finally:
        server.shutdown()
        server.server_close()
        serving.join()


def test_another_member_can_post_while_a_preview_fetches_its_page(impatient_app):
    make = Factory()
    make.user("moderator", role="moderator")
    member_id, thread_id = make.user("member").id, make.thread().id
    outcomes = []

    def another_member_posts() -> None:
        with impatient_app.app_context():
            try:
                posts.create_post(db.session.get(User, member_id), db.session.get(Thread, thread_id),
                                  body="Written while the page loads.")
                outcomes.append("posted")
            except OperationalError as error:
                outcomes.append(str(error.orig))

    client = impatient_app.test_client()
    client.post("/login", data={"identifier": "moderator", "password": Factory.PASSWORD})
    with page_that_waits_for(another_member_posts) as url:
        html = client.post("/articles/import", data={"url": url}).get_data(as_text=True)
    assert outcomes == ["posted"]
    assert "Slow story" in html


def writing_while(monkeypatch, module, name: str) -> list[bool]:
    """Whether a write transaction was open at each call of ``module.name`` from now on."""
    seen = []
    original = getattr(module, name)

    def watched(*args, **kwargs):
        seen.append(bool(db.session.info.get(WRITING)))
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, watched)
    return seen


def test_a_login_checks_the_password_outside_the_write_transaction(monkeypatch, client, auth, member):
    checking = writing_while(monkeypatch, auth_service, "check_password_hash")
    assert auth.login("member", "not the password").status_code == 200
    assert auth.login("member").status_code == 302
    assert checking == [False, False]


def test_a_post_preview_renders_outside_the_write_transaction(monkeypatch, member):
    rendering = writing_while(monkeypatch, posts, "render_post_body")
    assert "<em>draft</em>" in posts.preview_post(member, body="A *draft*.")
    assert rendering == [False]
