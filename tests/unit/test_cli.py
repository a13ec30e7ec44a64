"""The forum command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import inspect

from forum import create_app
from forum.extensions import db
from forum.models import Article, Thread, User
from forum.services import users

from tests.factories import Factory


def test_create_admin_without_prompts(runner, client):
    result = runner.invoke(args=["create-admin", "admin", "--email", "admin@example.org", "--password", Factory.PASSWORD])
    assert result.exit_code == 0, result.output
    assert users.find_user("admin").role == "admin"
    response = client.post("/login", data={"identifier": "admin", "password": Factory.PASSWORD})
    assert response.status_code == 302


def test_create_admin_with_a_taken_name_fails_clearly(runner, make):
    make.user("Admin")
    result = runner.invoke(args=["create-admin", "admin", "--email", "x@example.org", "--password", Factory.PASSWORD])
    assert result.exit_code != 0
    assert "That username is taken." in result.output


def test_create_admin_prompts_for_what_is_left_out(runner):
    result = runner.invoke(args=["create-admin", "root"], input=f"root@example.org\n{Factory.PASSWORD}\n{Factory.PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert users.find_user("root").email == "root@example.org"


def test_set_role(runner, member):
    result = runner.invoke(args=["set-role", "member", "moderator"])
    assert result.exit_code == 0
    assert member.role == "moderator"
    assert runner.invoke(args=["set-role", "ghost", "admin"]).exit_code != 0


def test_rename_gives_a_member_a_new_name_unless_it_is_taken(runner, make):
    alice = make.user("alice")
    make.user("bob")
    result = runner.invoke(args=["rename", "alice", "alicia"])
    assert result.exit_code == 0 and "alice is now alicia." in result.output
    assert (alice.username, alice.username_key) == ("alicia", "alicia")
    taken = runner.invoke(args=["rename", "alicia", "BOB"])
    assert taken.exit_code != 0 and "That username is taken." in taken.output
    assert runner.invoke(args=["rename", "alicia", "no spaces"]).exit_code != 0


def test_bootstrap_creates_one_admin_and_prints_its_password(runner, app, client):
    first = runner.invoke(args=["bootstrap"])
    assert "Log in at /login as  admin" in first.output
    password = first.output.split("with password", 1)[1].split()[0]
    assert client.post("/login", data={"identifier": "admin", "password": password}).status_code == 302
    second = runner.invoke(args=["bootstrap"])
    assert "admin" not in second.output
    assert app.extensions["sqlalchemy"].session.query(User).count() == 1


FIXTURE = "tests/fixtures/article-seed-shape.txt"


def test_import_dry_run_prints_json_and_saves_nothing(runner, app):
    result = runner.invoke(args=["import", FIXTURE, "--dry-run"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["title"].startswith("Harbour Library’s “Tool Shelf”")
    assert found["source_url"] == "https://example.org/news/harbour-library-tool-shelf/"
    assert len(found["questions"]) == 3
    assert found["reasons"] == [
        "in the list after 'The debate in Harbour Point raises questions that reach well beyond one library:'"
    ] * 3
    assert found["summary"].startswith("When the Harbour Point public library set aside one back room")
    assert app.extensions["sqlalchemy"].session.query(Article).count() == 0


def test_import_publish_prints_the_article_path(runner, make):
    make.user("editor", role="moderator")
    result = runner.invoke(args=["import", FIXTURE, "--publish", "--by", "editor"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().startswith("/articles/harbour-library-s-tool-shelf")


def test_importing_the_same_article_twice_is_refused_until_confirmed(runner, make):
    make.user("editor", role="moderator")
    first = runner.invoke(args=["import", FIXTURE, "--publish", "--by", "editor"])
    dry_run = json.loads(runner.invoke(args=["import", FIXTURE]).output)
    again = runner.invoke(args=["import", FIXTURE, "--publish", "--by", "editor"])
    anyway = runner.invoke(args=["import", FIXTURE, "--publish", "--by", "editor", "--anyway"])

    assert dry_run["already_published"] == first.output.strip()
    assert again.exit_code != 0
    assert f"Already published as “{dry_run['title']}” ({first.output.strip()})." in again.output
    assert "--anyway" in again.output
    assert anyway.exit_code == 0, anyway.output
    assert anyway.output.strip() == first.output.strip() + "-2"


def test_import_of_a_missing_file_fails_clearly(runner):
    result = runner.invoke(args=["import", "no/such/file.txt"])
    assert result.exit_code != 0
    assert "No file at no/such/file.txt" in result.output


def test_bootstrap_loads_the_demo_articles_once(runner, app):
    runner.invoke(args=["bootstrap"])
    session = app.extensions["sqlalchemy"].session
    assert session.query(Article).count() == 3
    assert "Published 0 demo articles." in runner.invoke(args=["demo"]).output
    per_article = [session.query(Thread).filter_by(article_id=a.id).count() for a in session.query(Article)]
    assert all(2 <= count <= 5 for count in per_article)


@pytest.fixture
def migrated(tmp_path):
    """A database built by the migrations, as production's is, with its runner."""
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/migrated.sqlite3"})
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    yield app, runner
    with app.app_context():
        db.engine.dispose()


def tables(app) -> set[str]:
    with app.app_context():
        return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


MIGRATIONS = len(list(Path("migrations/versions").glob("*.py")))


@pytest.mark.parametrize("target", [["base"], ["--", f"-{MIGRATIONS}"], ["--", f"-{MIGRATIONS + 3}"]])
def test_downgrading_to_the_base_is_refused_without_yes(migrated, target):
    app, runner = migrated
    result = runner.invoke(args=["db", "downgrade", *target])
    assert result.exit_code != 0
    assert "drops every table" in result.output and "--yes" in result.output
    assert "users" in tables(app)


def test_downgrading_to_the_base_with_yes_drops_the_tables(migrated):
    app, runner = migrated
    result = runner.invoke(args=["db", "downgrade", "base", "--yes"])
    assert result.exit_code == 0, result.output
    assert tables(app) == set()


def test_one_step_down_needs_no_confirmation(migrated):
    app, runner = migrated
    result = runner.invoke(args=["db", "downgrade"])
    assert result.exit_code == 0, result.output
    assert "users" in tables(app)
