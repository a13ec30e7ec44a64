"""Write transactions are the services' own: reads take no write lock, a write takes one, Markdown is rendered first."""

from __future__ import annotations

import fcntl
import os
import queue
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from flask import Flask
from sqlalchemy import event, make_url, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from forum import database, writer_turns
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


@pytest.fixture
def sqlite_app(tmp_path) -> Iterator[Flask]:
    """The app on a SQLite file of its own, whatever the suite's database: writers' turns are SQLite's."""
    app = build_app(f"sqlite:///{tmp_path}/turns.sqlite3")
    with app.app_context():
        yield app
    dispose(app)


def answer_in_turn(app: Flask, monkeypatch, member_id: int, thread_id: int, events: queue.Queue) -> threading.Thread:
    """The member answering in the thread in a thread of its own, started; ``events`` gets "waiting" while
    it waits for its turn on the lock file, then "posted"."""
    pause = writer_turns.sleep

    def waiting(seconds: float) -> None:
        events.put("waiting")
        pause(seconds)

    def answer() -> None:
        with app.app_context():
            posts.create_post(db.session.get(User, member_id), db.session.get(Thread, thread_id), body="My turn.")
        events.put("posted")

    monkeypatch.setattr(writer_turns, "sleep", waiting)
    writer = threading.Thread(target=answer)
    writer.start()
    return writer


def test_a_writer_waits_for_another_process_to_end_its_turn(sqlite_app, monkeypatch):
    make = Factory()
    member_id, thread_id = make.user().id, make.thread().id
    path = writer_turns.lock_file_path(db.engine.url)
    other = os.open(path, os.O_RDONLY | os.O_CREAT)  # an open file description of its own, as in another process
    fcntl.flock(other, fcntl.LOCK_EX)
    events: queue.Queue = queue.Queue()
    seen = []
    try:
        writer = answer_in_turn(sqlite_app, monkeypatch, member_id, thread_id, events)
        seen.append(events.get(timeout=10))
    finally:
        seen.append("released")
        fcntl.flock(other, fcntl.LOCK_UN)
        os.close(other)
    writer.join()
    seen.extend(events.queue)
    assert list(dict.fromkeys(seen)) == ["waiting", "released", "posted"]


def test_a_forked_worker_takes_turns_with_the_process_it_was_forked_from(sqlite_app, monkeypatch):
    """gunicorn forks its workers from a loaded app: each must open the lock file itself, else one flock
    held through the file they share would let them all write."""
    make = Factory()
    member, thread = make.user(), make.thread()
    posts.create_post(member, thread, body="The first write opens the lock file.")
    member_id, thread_id = member.id, thread.id
    from_parent, to_child = os.pipe()
    from_child, to_parent = os.pipe()
    child = os.fork()
    if child == 0:
        try:
            db.engine.dispose(close=False)
            database.begin_write()
            os.write(to_parent, b"writing")
            os.read(from_parent, 1)
            db.session.rollback()
        finally:
            os._exit(0)
    events: queue.Queue = queue.Queue()
    seen = []
    try:
        assert os.read(from_child, 7) == b"writing"
        writer = answer_in_turn(sqlite_app, monkeypatch, member_id, thread_id, events)
        seen.append(events.get(timeout=10))
    finally:
        seen.append("released")
        os.write(to_child, b"!")
        os.waitpid(child, 0)
    writer.join()
    seen.extend(events.queue)
    assert list(dict.fromkeys(seen)) == ["waiting", "released", "posted"]


def test_a_writer_hands_over_its_turn_only_once_its_commit_is_done(sqlite_app, monkeypatch):
    """The next writer's BEGIN IMMEDIATE must find the database free: a turn handed over before the COMMIT
    ran would send it into SQLite's busy handler, whose sleeps the turns are there to avoid."""
    make = Factory()
    member, thread = make.user(), make.thread()
    free_at_handover = []
    release = writer_turns.WriterTurn.release

    def probing(turn, info: dict, connection: sqlite3.Connection | None = None) -> None:
        if info.get(turn.HELD, False) is not False:
            free_at_handover.append(_free_for_a_writer())
        release(turn, info, connection)

    monkeypatch.setattr(writer_turns.WriterTurn, "release", probing)
    posts.create_post(member, thread, body="Handing over.")
    assert free_at_handover and all(free_at_handover)


def test_the_wal_is_checkpointed_after_a_writers_turn_not_in_its_commit(sqlite_app, monkeypatch, tmp_path):
    """SQLite checkpoints in the COMMIT that takes the WAL past 1,000 pages, and its writes and fsyncs held
    the turn from every other writer; Agora checkpoints once the turn is handed over."""
    monkeypatch.setattr(writer_turns, "CHECKPOINT_EVERY", 1)
    free_at_checkpoint = []
    checkpoint = writer_turns.checkpoint

    def probing(connection: sqlite3.Connection) -> None:
        free_at_checkpoint.append(_free_for_a_writer())
        checkpoint(connection)

    monkeypatch.setattr(writer_turns, "checkpoint", probing)
    make = Factory()
    post = posts.create_post(make.user(), make.thread(), body="Checkpointed.")
    main_file = tmp_path / "main-file-only.sqlite3"  # what the database file holds, without its WAL
    shutil.copyfile(db.engine.url.database, main_file)
    with closing(sqlite3.connect(main_file)) as copy:
        assert copy.execute("SELECT body FROM posts WHERE id = ?", (post.id,)).fetchall() == [("Checkpointed.",)]
    assert free_at_checkpoint and all(free_at_checkpoint)


def _free_for_a_writer() -> bool:
    """Whether another connection's BEGIN IMMEDIATE would get the database's write lock at once."""
    with closing(sqlite3.connect(db.engine.url.database, timeout=0, isolation_level=None)) as probe:
        try:
            probe.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return False
        probe.execute("ROLLBACK")
        return True


def test_a_database_in_memory_has_no_lock_file():
    assert writer_turns.lock_file_path(make_url("sqlite://")) is None
    assert writer_turns.lock_file_path(make_url("sqlite:///:memory:")) is None
    assert writer_turns.lock_file_path(make_url("sqlite:///relative.db")) == f"{os.getcwd()}/relative.db-writer.lock"
