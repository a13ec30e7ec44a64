"""The forum command line."""

from __future__ import annotations

import json

from forum.models import Article, Thread, User
from forum.services import accounts

from tests.factories import Factory


def test_create_admin_without_prompts(runner, client):
    result = runner.invoke(args=["create-admin", "admin", "--email", "admin@example.org", "--password", Factory.PASSWORD])
    assert result.exit_code == 0, result.output
    assert accounts.find_user("admin").role == "admin"
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
    assert accounts.find_user("root").email == "root@example.org"


def test_set_role(runner, member):
    result = runner.invoke(args=["set-role", "member", "moderator"])
    assert result.exit_code == 0
    assert member.role == "moderator"
    assert runner.invoke(args=["set-role", "ghost", "admin"]).exit_code != 0


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
    assert app.extensions["sqlalchemy"].session.query(Article).count() == 0


def test_import_publish_prints_the_article_path(runner, make):
    make.user("editor", role="moderator")
    result = runner.invoke(args=["import", FIXTURE, "--publish", "--by", "editor"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().startswith("/articles/harbour-library-s-tool-shelf")


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
