"""Password reset: a link by email (or from an admin) that works once, for an hour, for the newest request."""

from __future__ import annotations

import re
from email import message_from_bytes, policy

import pytest
from itsdangerous import TimestampSigner

from forum import create_app
from forum.extensions import db
from forum.models import ApiToken
from forum.services import password_resets, tokens
from forum.services.mail import EXTENSION_KEY
from tests.factories import Factory

LINK = re.compile(r"https://agora\.example\.org(/password/reset/[\w.-]+)")


@pytest.fixture
def mail_client(mail_app):
    return mail_app.test_client()


@pytest.fixture
def account(mail_app):
    return Factory().user("member")


def emails(mail_app, smtp) -> list[str]:
    """The bodies of the emails sent so far, decoded."""
    mail_app.extensions[EXTENSION_KEY].wait()
    return [message_from_bytes(envelope.content, policy=policy.default).get_content()
            for envelope in smtp[0].envelopes]


def ask_for_link(client, email: str = "member@example.org"):
    return client.post("/password/reset", data={"email": email})


def newest_link(mail_app, smtp) -> str:
    return LINK.findall(emails(mail_app, smtp)[-1])[-1]


def set_password(client, link: str, password: str = Factory.NEW_PASSWORD):
    return client.post(link, data={"password": password, "confirm": password})


def test_the_login_page_links_to_forgot_password(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<a href="/password/reset">Forgot password?</a>' in html


def test_the_reset_form_asks_for_the_email_and_sends_a_reset_link(mail_client):
    html = mail_client.get("/password/reset").get_data(as_text=True)
    assert ">Email</label>" in html and ">Send reset link</button>" in html


def test_known_and_unknown_addresses_get_the_same_answer_and_only_the_owner_an_email(mail_app, mail_client,
                                                                                    smtp, account):
    known = ask_for_link(mail_client, "member@example.org")
    unknown = ask_for_link(mail_client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    strip = lambda html: html.replace("member@example.org", "ADDRESS").replace("nobody@example.org", "ADDRESS")
    assert strip(known.get_data(as_text=True)) == strip(unknown.get_data(as_text=True))
    emails(mail_app, smtp)
    [envelope] = smtp[0].envelopes
    assert envelope.rcpt_tos == ["member@example.org"]


def test_the_links_page_shows_a_form_and_opening_it_changes_nothing(mail_app, mail_client, smtp, account):
    ask_for_link(mail_client)
    link = newest_link(mail_app, smtp)
    for _ in range(2):
        response = mail_client.get(link)
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert ">New password</label>" in html and ">Set new password</button>" in html
        assert "no-store" in response.headers["Cache-Control"]
    assert set_password(mail_client, link).status_code == 302


def test_a_new_password_ends_every_session_and_revokes_every_api_token(mail_app, mail_client, smtp, account):
    logged_in = mail_app.test_client()
    logged_in.post("/login", data={"identifier": "member", "password": Factory.PASSWORD})
    tokens.issue_token(account, name="script")
    ask_for_link(mail_client)
    response = set_password(mail_client, newest_link(mail_app, smtp))
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert logged_in.get("/settings").status_code == 302
    assert db.session.query(ApiToken).filter_by(user_id=account.id).count() == 0
    assert mail_client.post("/login", data={"identifier": "member", "password": Factory.PASSWORD}).status_code == 200
    assert mail_client.post("/login", data={"identifier": "member",
                                            "password": Factory.NEW_PASSWORD}).status_code == 302


def test_a_link_works_once(mail_app, mail_client, smtp, account):
    ask_for_link(mail_client)
    link = newest_link(mail_app, smtp)
    assert set_password(mail_client, link).status_code == 302
    response = set_password(mail_client, link, f"{Factory.NEW_PASSWORD} again")
    assert response.status_code == 400
    assert "expired or was already used" in response.get_data(as_text=True)


def test_a_newer_link_kills_the_older_one(mail_app, mail_client, smtp, account):
    ask_for_link(mail_client)
    older = newest_link(mail_app, smtp)
    ask_for_link(mail_client)
    newer = newest_link(mail_app, smtp)
    assert older != newer
    assert mail_client.get(older).status_code == 400
    assert set_password(mail_client, newer).status_code == 302


def test_changing_the_password_kills_the_link(mail_app, mail_client, smtp, account):
    ask_for_link(mail_client)
    link = newest_link(mail_app, smtp)
    mail_client.post("/login", data={"identifier": "member", "password": Factory.PASSWORD})
    mail_client.post("/settings/password", data={"current_password": Factory.PASSWORD,
                                                 "password": Factory.NEW_PASSWORD, "confirm": Factory.NEW_PASSWORD})
    assert mail_client.get(link).status_code == 400


def test_a_link_expires_after_an_hour(mail_app, mail_client, smtp, account, monkeypatch):
    real_timestamp = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real_timestamp(self) - 3601)
    ask_for_link(mail_client)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", real_timestamp)
    assert mail_client.get(newest_link(mail_app, smtp)).status_code == 400


def test_a_forged_or_garbled_link_is_dead(mail_client, account):
    for token in ("nonsense", "eyJ1c2VyIjoxLCJzZWNyZXQiOiJ4In0.AAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAA"):
        assert mail_client.get(f"/password/reset/{token}").status_code == 400


def test_a_weak_new_password_is_refused_beside_the_field_and_the_link_still_works(mail_app, mail_client, smtp,
                                                                                  account):
    ask_for_link(mail_client)
    link = newest_link(mail_app, smtp)
    response = set_password(mail_client, link, "password1234")
    assert response.status_code == 200
    assert "too easy to guess" in response.get_data(as_text=True)
    assert set_password(mail_client, link).status_code == 302


def test_reset_links_are_limited_per_account_alike_for_unknown_addresses(mail_app, mail_client, account):
    for email in ("member@example.org", "nobody@example.org"):
        answers = [ask_for_link(mail_client, email) for _ in range(4)]
        assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
        assert int(answers[-1].headers["Retry-After"]) > 0
        assert "Too many reset links" in answers[-1].get_data(as_text=True)


def test_reset_links_are_limited_per_client_address(mail_app, mail_client, account):
    mail_app.config["PASSWORD_RESET_LIMIT_PER_ADDRESS"] = "2 per hour"
    assert ask_for_link(mail_client, "a@example.org").status_code == 200
    assert ask_for_link(mail_client, "b@example.org").status_code == 200
    assert ask_for_link(mail_client, "c@example.org").status_code == 429


def test_without_mail_the_page_says_to_ask_an_admin(client):
    html = client.get("/password/reset").get_data(as_text=True)
    assert "Ask an admin" in html and "forum reset-password USERNAME" in html
    assert "Send reset link" not in html


def test_the_admin_command_prints_a_one_time_link(app, runner, client, member):
    result = runner.invoke(args=["reset-password", "member"])
    assert result.exit_code == 0, result.output
    link = re.search(r"(/password/reset/[\w.-]+)", result.output).group(1)
    assert set_password(client, link).status_code == 302
    assert set_password(client, link).status_code == 400
    assert runner.invoke(args=["reset-password", "ghost"]).exit_code != 0


def test_the_email_link_uses_the_site_address_not_the_requests_host(mail_app, mail_client, smtp, account):
    mail_client.post("/password/reset", data={"email": "member@example.org"},
                     headers={"Host": "attacker.example"})
    text = emails(mail_app, smtp)[-1]
    assert "attacker.example" not in text and LINK.search(text)


def test_production_with_mail_but_no_site_address_refuses_to_start(monkeypatch):
    monkeypatch.setenv("FORUM_SECRET_KEY", "a1B2" * 10)
    monkeypatch.setenv("FORUM_MAIL_SERVER", "smtp.example.org")
    monkeypatch.delenv("FORUM_SITE_URL", raising=False)
    with pytest.raises(RuntimeError, match="FORUM_SITE_URL"):
        create_app("production", {"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_asking_for_and_using_a_link_need_the_csrf_token(mail_app, smtp, account):
    mail_app.config["WTF_CSRF_ENABLED"] = True
    client = mail_app.test_client()
    assert ask_for_link(client).status_code == 400
    assert emails(mail_app, smtp) == []
    link = password_resets.create_link(account)
    assert set_password(client, link).status_code == 400
    page = client.get(link).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(link, data={"password": Factory.NEW_PASSWORD, "confirm": Factory.NEW_PASSWORD,
                                       "csrf_token": token})
    assert response.status_code == 302
