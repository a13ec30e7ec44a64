"""Registering, logging in and out, through HTTP."""

from __future__ import annotations

import re
import time

import pytest
from itsdangerous import TimestampSigner

from forum.models import User
from forum.services import users
from tests.conftest import build_app, dispose
from tests.factories import Factory


def register(client, **fields):
    data = {"username": "ada", "email": "ada@example.org", "password": Factory.PASSWORD,
            "confirm": Factory.PASSWORD, **fields}
    return client.post("/register", data=data)


def error_beside(html: str, field_id: str) -> str:
    match = re.search(rf'<p class="field-error" id="{field_id}-error">([^<]*)</p>', html)
    return match.group(1) if match else ""


def test_register_page_has_the_contract_labels(client):
    html = client.get("/register").get_data(as_text=True)
    for label in ("Username", "Email", "Password", "Confirm password"):
        assert f">{label}</label>" in html
    assert ">Create account</button>" in html


def test_registering_logs_the_new_member_in(client, app):
    response = register(client)
    assert response.status_code == 302
    assert "Log out" in client.get("/").get_data(as_text=True)
    user = app.extensions["sqlalchemy"].session.query(User).one()
    assert user.password_hash != Factory.PASSWORD


@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        ({"username": "ADA"}, "username", "That username is taken."),
        ({"username": "a!"}, "username", "Use 3 to 30 letters, digits, underscores or hyphens."),
        ({"email": "not-an-email"}, "email", "Enter an email address like name@example.org."),
        ({"email": "ADA@example.org", "username": "other"}, "email", "An account with that email already exists."),
        ({"password": "short", "confirm": "short"}, "password",
         "Use at least 12 characters: shorter passwords are guessed quickly."),
        ({"password": "password1234", "confirm": "password1234"}, "password",
         "This password is too easy to guess. This is a very common password. "
         "Add another word or two. Uncommon words are better."),
        ({"password": "Taken-Name-Twelve", "confirm": "Taken-Name-Twelve", "username": "taken-name-twelve"},
         "password", "Your password cannot be your username."),
        ({"confirm": "something-else"}, "confirm", "The two passwords differ."),
    ],
    ids=["name-taken-other-case", "bad-name", "bad-email", "email-taken", "short-password",
         "common-password", "password-is-name", "mismatched-confirmation"],
)
def test_bad_registrations_answer_200_with_the_message_beside_the_field(client, make, fields, field_id, message):
    make.user("ada")
    response = register(client, **fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert error_beside(html, field_id) == message
    typed_email = fields.get("email", "ada@example.org")
    assert f'value="{typed_email}"' in html
    assert Factory.PASSWORD not in html


def test_login_with_username_or_email_in_any_case(client, auth, member):
    assert auth.login("MEMBER").status_code == 302
    auth.logout()
    assert auth.login("member@example.org").status_code == 302


def test_wrong_password_and_unknown_user_get_the_same_answer(client, auth, member):
    wrong = auth.login("member", "wrong-password").get_data(as_text=True)
    unknown = auth.login("nobody", "wrong-password").get_data(as_text=True)
    message = "That username or email and password do not match an account."
    assert error_beside(wrong, "identifier") == message
    assert error_beside(unknown, "identifier") == message


@pytest.mark.parametrize("target", ["https://example.com/", "//example.com", "/\\example.com", "javascript:alert(1)"])
def test_login_next_never_leaves_the_site(client, auth, member, target):
    response = client.post(f"/login?next={target}", data={"identifier": "member", "password": Factory.PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_next_inside_the_site_is_followed(client, member):
    response = client.post("/login?next=/settings", data={"identifier": "member", "password": Factory.PASSWORD})
    assert response.headers["Location"] == "/settings"


def test_logging_out_is_a_post(client, auth, member):
    auth.login(member)
    assert client.get("/logout").status_code == 303  # to the front page, still logged in
    assert client.get("/settings").status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/settings").status_code == 302


def test_logout_ends_the_remember_cookie_and_other_sessions(app, auth, client, member):
    other = app.test_client()
    other.post("/login", data={"identifier": "member", "password": Factory.PASSWORD, "remember": "y"})
    assert other.get("/settings").status_code == 200
    auth.login(member)
    auth.logout()
    assert other.get("/settings").status_code == 302


def test_failed_logins_are_limited_per_account(app, client, member):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per 15 minutes"
    for _ in range(3):
        client.post("/login", data={"identifier": "member", "password": "wrong-password"})
    response = client.post("/login", data={"identifier": "member", "password": Factory.PASSWORD})
    assert response.status_code == 429
    assert "Too many failed attempts. Try again in 15 minutes." in response.get_data(as_text=True)


def test_failed_logins_are_limited_per_address(app, client, make):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "2 per 15 minutes"
    client.post("/login", data={"identifier": "a-name", "password": "wrong-password"})
    client.post("/login", data={"identifier": "b-name", "password": "wrong-password"})
    response = client.post("/login", data={"identifier": "c-name", "password": "wrong-password"})
    assert response.status_code == 429


def test_post_without_csrf_token_is_refused(csrf_app):
    client = csrf_app.test_client()
    response = client.post("/register", data={"username": "eve", "email": "eve@example.org",
                                              "password": Factory.PASSWORD, "confirm": Factory.PASSWORD})
    assert response.status_code == 400
    assert "The form expired" in response.get_data(as_text=True)


def test_post_with_csrf_token_is_accepted(csrf_app):
    client = csrf_app.test_client()
    html = client.get("/register").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post("/register", data={"csrf_token": token, "username": "eve", "email": "eve@example.org",
                                              "password": Factory.PASSWORD, "confirm": Factory.PASSWORD})
    assert response.status_code == 302


def test_session_is_renewed_at_login(client, member):
    with client.session_transaction() as session:
        session["planted"] = "by-an-attacker"
    client.post("/login", data={"identifier": "member", "password": Factory.PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session


def test_failed_logins_counted_by_one_app_server_hold_on_another(database_uri):
    """Two apps on one database (or one Redis, under FORUM_TEST_REDIS_URL) stand for two workers."""
    first = build_app(database_uri, LOGIN_LIMIT_PER_ACCOUNT="2 per 15 minutes")
    second = build_app(database_uri, LOGIN_LIMIT_PER_ACCOUNT="2 per 15 minutes")
    with first.app_context():
        Factory().user("shared")
        for _ in range(2):
            first.test_client().post("/login", data={"identifier": "shared", "password": "wrong-password"})
    with second.app_context():
        response = second.test_client().post("/login", data={"identifier": "shared", "password": Factory.PASSWORD})
    assert response.status_code == 429
    dispose(first)
    dispose(second)


def test_sign_ups_are_limited_per_address(app, client):
    app.config["REGISTER_LIMIT_PER_ADDRESS"] = "2 per hour"
    for name in ("first", "second"):
        assert register(client, username=name, email=f"{name}@example.org").status_code == 302
        client.post("/logout")
    response = register(client, username="third", email="third@example.org")
    assert "Too many new accounts from your address. Try again in 60 minutes." in response.get_data(as_text=True)
    assert users.find_user("third") is None


def signed_long_ago(app, client, monkeypatch, hours: float) -> None:
    """The client's session cookie as if it had been signed ``hours`` ago."""
    with client.session_transaction() as session:
        data = dict(session)
    signed = int(time.time() - hours * 3600)
    with monkeypatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda _signer: signed)
        client.set_cookie("session", app.session_interface.get_signing_serializer(app).dumps(data))


def test_a_members_session_cookie_is_signed_again_once_a_day_not_on_every_page(app, client, member, monkeypatch):
    client.post("/login", data={"identifier": "member", "password": Factory.PASSWORD})
    client.get("/settings")
    assert "Set-Cookie" not in client.get("/settings").headers
    signed_long_ago(app, client, monkeypatch, hours=25)
    response = client.get("/settings")
    assert response.status_code == 200 and response.headers["Set-Cookie"].startswith("session=")
    assert "Set-Cookie" not in client.get("/settings").headers


def test_a_session_not_used_for_its_lifetime_has_ended(app, client, member, monkeypatch):
    client.post("/login", data={"identifier": "member", "password": Factory.PASSWORD})
    signed_long_ago(app, client, monkeypatch, hours=app.permanent_session_lifetime.total_seconds() / 3600 + 1)
    response = client.get("/settings")
    assert response.status_code == 302 and "/login" in response.location
