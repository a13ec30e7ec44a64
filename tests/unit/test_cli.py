"""The forum command line."""

from __future__ import annotations

from forum.models import User
from forum.services import accounts


def test_create_admin_without_prompts(runner, client):
    result = runner.invoke(args=["create-admin", "admin", "--email", "admin@example.org", "--password", "Corr3ct-horse"])
    assert result.exit_code == 0, result.output
    assert accounts.find_user("admin").role == "admin"
    response = client.post("/login", data={"identifier": "admin", "password": "Corr3ct-horse"})
    assert response.status_code == 302


def test_create_admin_with_a_taken_name_fails_clearly(runner, make):
    make.user("Admin")
    result = runner.invoke(args=["create-admin", "admin", "--email", "x@example.org", "--password", "Corr3ct-horse"])
    assert result.exit_code != 0
    assert "That username is taken." in result.output


def test_create_admin_prompts_for_what_is_left_out(runner):
    result = runner.invoke(args=["create-admin", "root"], input="root@example.org\nCorr3ct-horse\nCorr3ct-horse\n")
    assert result.exit_code == 0, result.output
    assert accounts.find_user("root").email == "root@example.org"


def test_set_role(runner, member):
    result = runner.invoke(args=["set-role", "member", "moderator"])
    assert result.exit_code == 0
    assert member.role == "moderator"
    assert runner.invoke(args=["set-role", "ghost", "admin"]).exit_code != 0


def test_bootstrap_creates_one_admin_and_prints_its_password(runner, app):
    first = runner.invoke(args=["bootstrap"])
    assert "Log in at /login as  admin" in first.output
    second = runner.invoke(args=["bootstrap"])
    assert "admin" not in second.output
    assert app.extensions["sqlalchemy"].session.query(User).count() == 1
