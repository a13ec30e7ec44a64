"""Profiles and account settings."""

from __future__ import annotations

import pytest

from forum.services import users

from tests.factories import Factory


def test_profile_shows_member_since_role_karma_answers_and_posts(client, member):
    html = client.get("/u/MEMBER").get_data(as_text=True)
    assert "<h1>member</h1>" in html
    for fact in ("Member since", "Role", "Karma", "Answers", "Posts"):
        assert f"<dt>{fact}</dt>" in html


def test_unknown_profile_is_404(client):
    assert client.get("/u/nobody").status_code == 404


def test_settings_need_a_login(client):
    response = client.get("/settings")
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


def test_changing_password_needs_the_current_one(client, auth, member):
    auth.login(member)
    response = client.post("/settings/password", data={
        "current_password": "wrong-password", "password": Factory.NEW_PASSWORD, "confirm": Factory.NEW_PASSWORD})
    assert response.status_code == 200
    assert "That is not your current password." in response.get_data(as_text=True)


def test_changing_password_keeps_this_session_and_ends_the_others(app, client, auth, member):
    other = app.test_client()
    other.post("/login", data={"identifier": "member", "password": Factory.PASSWORD})
    auth.login(member)
    response = client.post("/settings/password", data={
        "current_password": Factory.PASSWORD, "password": Factory.NEW_PASSWORD, "confirm": Factory.NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get("/settings").status_code == 200
    assert other.get("/settings").status_code == 302
    auth.logout()
    assert auth.login("member", Factory.NEW_PASSWORD).status_code == 302


def test_changing_email_rejects_one_in_use(client, auth, make, member):
    make.user("other")
    auth.login(member)
    response = client.post("/settings/email", data={"email": "OTHER@example.org", "current_password": Factory.PASSWORD})
    assert "An account with that email already exists." in response.get_data(as_text=True)
    response = client.post("/settings/email", data={"email": "new@example.org", "current_password": Factory.PASSWORD})
    assert response.status_code == 302
    assert member.email == "new@example.org"


def test_changing_password_revokes_api_tokens(app, client, auth, member):
    token = app.test_client().post("/api/v1/tokens", json={"username": "member", "password": Factory.PASSWORD})
    bearer = {"Authorization": f"Bearer {token.get_json()['token']}"}
    assert app.test_client().get("/api/v1/users/me", headers=bearer).status_code == 200
    auth.login(member)
    client.post("/settings/password", data={
        "current_password": Factory.PASSWORD, "password": Factory.NEW_PASSWORD, "confirm": Factory.NEW_PASSWORD})
    assert app.test_client().get("/api/v1/users/me", headers=bearer).status_code == 401


def test_a_suspension_ends_the_members_sessions_and_they_see_why_on_return(app, client, auth, member, moderator):
    auth.login(member)
    users.suspend_user(moderator, member, days=3, reason="Cooling off")
    assert client.get("/settings").status_code == 302
    auth.login(member)
    html = client.get("/").get_data(as_text=True)
    assert "Your account is suspended until" in html and "Cooling off" in html


@pytest.mark.parametrize(("reason", "shown"), [
    ("Cooling off.", "Cooling off. You can read"),
    ("Why did you post that?", "Why did you post that? You can read"),
    ("Spam…", "Spam… You can read"),
    ("Cooling off", "Cooling off. You can read"),
])
def test_the_suspension_banner_ends_the_reason_with_one_stop(client, auth, member, moderator, reason, shown):
    users.suspend_user(moderator, member, days=3, reason=reason)
    auth.login(member)
    html = client.get("/").get_data(as_text=True)
    assert shown in html
    assert ".." not in html.split("Your account is suspended until")[1].split("</p>")[0]

