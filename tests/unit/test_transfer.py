"""forum backup, forum export and forum import-data: a consistent copy, and the forum moved whole."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask

from forum.extensions import db
from forum.models import Post, User
from forum.services import moderation, reports, tokens, votes
from tests.conftest import POSTGRESQL_URL, build_app, dispose
from tests.factories import Factory



@contextmanager
def forum_on(uri: str) -> Iterator[Flask]:
    """An app on ``uri`` with the schema and no rows, its context pushed."""
    app = build_app(uri)
    with app.app_context():
        yield app
    dispose(app)


def seed() -> dict[str, object]:
    """A small forum with one of everything the export carries."""
    make = Factory()
    moderator = make.user("mona", role="moderator")
    article = make.article("Harbour library lends drills", questions=["Should libraries lend tools?", "Who pays?"],
                           body="The library lends *drills*.", author=moderator)
    thread = make.thread(article)
    carol, dave = make.user("carol"), make.user("dave")
    answer = make.post(thread, author=carol, body="Yes, **they should**.")
    reply = make.post(thread, author=dave, parent=answer, body="A reply from dave.")
    rude = make.post(thread, author=dave, body="Something rude.")
    votes.cast_vote(dave, answer, value=1)
    reports.file_report(carol, rude, reason="harassment", details="Name-calling.")
    moderation.remove_post(moderator, rude, reason="Rude")
    tokens.issue_token(carol, name="phone")
    return {"slug": article.slug, "thread": thread.id, "answer": answer.id, "reply": reply.id}


def visitor_pages(app: Flask, seeded: dict[str, object]) -> dict[str, str]:
    """What a visitor sees on each kind of page, relative times left out (a minute may pass)."""
    client = app.test_client()
    paths = ["/", f"/articles/{seeded['slug']}", f"/threads/{seeded['thread']}", f"/posts/{seeded['reply']}",
             "/u/carol", "/mod/log", "/search?q=drills"]
    pages = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = re.sub(r"<time [^>]*>[^<]*</time>", "<time>", response.get_data(as_text=True))
    return pages


def export(app: Flask, path: Path, *extra: str) -> list[dict]:
    result = app.test_cli_runner().invoke(args=["export", str(path), *extra])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_backup_copies_the_committed_database_while_a_writer_holds_it(tmp_path):
    with forum_on(f"sqlite:///{tmp_path}/live.sqlite3") as app:
        seed()
        writer = sqlite3.connect(tmp_path / "live.sqlite3", isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE posts SET body = 'not yet committed'")
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.sqlite3")])
        writer.execute("ROLLBACK")
        writer.close()
        assert result.exit_code == 0, result.output
        assert "Backed up" in result.output
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copy.execute("SELECT count(*) FROM posts WHERE body = 'not yet committed'").fetchone() == (0,)
    assert copy.execute("SELECT count(*) FROM posts").fetchone() == (3,)
    assert copy.execute("SELECT count(*) FROM posts_fts WHERE posts_fts MATCH 'dave'").fetchone() == (1,)
    copy.close()


def test_a_restored_backup_serves_the_same_pages(tmp_path):
    with forum_on(f"sqlite:///{tmp_path}/live.sqlite3") as app:
        seeded = seed()
        before = visitor_pages(app, seeded)
        assert app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.sqlite3")]).exit_code == 0
    restored = create_restored(tmp_path / "copy.sqlite3")
    with restored.app_context():
        assert visitor_pages(restored, seeded) == before
    dispose(restored)


def create_restored(path: Path) -> Flask:
    from forum import create_app

    return create_app("testing", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})


def test_backup_never_overwrites_a_file(tmp_path):
    (tmp_path / "taken.sqlite3").write_text("keep me")
    with forum_on(f"sqlite:///{tmp_path}/live.sqlite3") as app:
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "taken.sqlite3")])
    assert result.exit_code == 1
    assert "exists already" in result.output
    assert (tmp_path / "taken.sqlite3").read_text() == "keep me"


def test_export_writes_every_kind_of_row_without_secrets(tmp_path):
    with forum_on(f"sqlite:///{tmp_path}/live.sqlite3") as app:
        seed()
        records = export(app, tmp_path / "forum.jsonl")
    header, rows = records[0], records[1:]
    assert header["format"] == "agora-export" and header["with_secrets"] is False
    tables = {record["table"] for record in rows}
    assert {"users", "articles", "questions", "threads", "posts", "votes", "reports", "moderation_actions"} <= tables
    assert "api_tokens" not in tables
    bookkeeping = {"pending_signups", "idempotent_requests", "rate_limit_counters"}
    assert not bookkeeping & set(header["tables"])  # means nothing in another database
    users = [record["row"] for record in rows if record["table"] == "users"]
    assert {user["username"] for user in users} == {"mona", "carol", "dave"}
    assert all("password_hash" not in user for user in users)


def test_export_with_secrets_keeps_the_hashes_and_tokens(tmp_path):
    with forum_on(f"sqlite:///{tmp_path}/live.sqlite3") as app:
        seed()
        records = export(app, tmp_path / "forum.jsonl", "--with-secrets")
    users = [record["row"] for record in records[1:] if record["table"] == "users"]
    assert all(user["password_hash"].startswith("pbkdf2:") for user in users)
    assert any(record["table"] == "api_tokens" for record in records[1:])


def test_an_import_into_an_empty_database_serves_the_same_pages(tmp_path):
    with forum_on(f"sqlite:///{tmp_path}/old.sqlite3") as old:
        seeded = seed()
        before = visitor_pages(old, seeded)
        export(old, tmp_path / "forum.jsonl")
    with forum_on(f"sqlite:///{tmp_path}/new.sqlite3") as new:
        result = new.test_cli_runner().invoke(args=["import-data", str(tmp_path / "forum.jsonl")])
        assert result.exit_code == 0, result.output
        assert "posts: 3" in result.output
        assert visitor_pages(new, seeded) == before
        assert db.session.get(User, 2).password_hash == "!"  # no password opens it until a reset


def test_import_refuses_a_database_that_has_rows(tmp_path):
    with forum_on(f"sqlite:///{tmp_path}/old.sqlite3") as old:
        seed()
        export(old, tmp_path / "forum.jsonl")
        result = old.test_cli_runner().invoke(args=["import-data", str(tmp_path / "forum.jsonl")])
        assert result.exit_code == 1
        assert "import into an empty one" in result.output
        assert db.session.query(Post).count() == 3


@pytest.mark.parametrize("content, message", [
    ("", "This is not an Agora export"),
    ('{"format": "agora-export", "version": 99, "tables": []}\n', "this Agora reads version 1"),
    ('{"format": "agora-export", "version": 1, "tables": ["users"]}\nnot json\n', "Line 2 is not JSON."),
    ('{"format": "agora-export", "version": 1, "tables": ["ghosts"]}\n', "tables this version of Agora does not know"),
])
def test_import_explains_a_file_it_cannot_read(tmp_path, content, message):
    (tmp_path / "bad.jsonl").write_text(content)
    with forum_on(f"sqlite:///{tmp_path}/new.sqlite3") as new:
        result = new.test_cli_runner().invoke(args=["import-data", str(tmp_path / "bad.jsonl")])
        assert result.exit_code == 1
        assert message in result.output
        assert db.session.query(User).count() == 0


@pytest.mark.postgresql
def test_a_forum_moves_from_sqlite_to_postgresql_with_the_same_pages(tmp_path):
    with forum_on(f"sqlite:///{tmp_path}/old.sqlite3") as old:
        seeded = seed()
        before = visitor_pages(old, seeded)
        export(old, tmp_path / "forum.jsonl", "--with-secrets")
    with forum_on(POSTGRESQL_URL) as new:
        result = new.test_cli_runner().invoke(args=["import-data", str(tmp_path / "forum.jsonl")])
        assert result.exit_code == 0, result.output
        assert visitor_pages(new, seeded) == before
        newcomer = Factory().user("newcomer")  # the sequences moved past the imported ids
        assert newcomer.id == 4
        assert new.test_client().post("/login", data={"identifier": "carol", "password": Factory.PASSWORD}
                                      ).status_code == 302


@pytest.mark.postgresql
def test_backup_on_postgresql_points_to_pg_dump():
    with forum_on(POSTGRESQL_URL) as app:
        result = app.test_cli_runner().invoke(args=["backup", "/tmp/never-written.sqlite3"])
    assert result.exit_code == 1
    assert "pg_dump" in result.output
