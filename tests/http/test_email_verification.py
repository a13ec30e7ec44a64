"""FORUM_REQUIRE_EMAIL_VERIFICATION: sign-up answers alike for known and new addresses and mails the owner."""

from __future__ import annotations

import re
from datetime import timedelta
from email import message_from_bytes, policy

import pytest

from forum import create_app
from forum.extensions import db
from forum.models import PendingSignup, User, utcnow
from forum.services.mail import EXTENSION_KEY
from tests.factories import Factory

LINK = re.compile(r"https://agora\.example\.org(/register/confirm/[\w-]+)")


@pytest.fixture
def verifying_client(mail_app):
    mail_app.config["REQUIRE_EMAIL_VERIFICATION"] = True
    return mail_app.test_client()


def sign_up(client, username: str = "ada", email: str = "ada@example.org"):
    return client.post("/register", data={"username": username, "email": email, "password": Factory.PASSWORD,
                                          "confirm": Factory.PASSWORD})


def sent(mail_app, smtp) -> list[tuple[list[str], str]]:
    mail_app.extensions[EXTENSION_KEY].wait()
    return [(envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default).get_content())
            for envelope in smtp[0].envelopes]


def test_sign_up_answers_alike_for_a_known_and_a_new_address(mail_app, verifying_client, smtp):
    Factory().user("grace")
    known = sign_up(verifying_client, "ada", "grace@example.org")
    new = sign_up(verifying_client, "lin", "lin@example.org")
    assert known.status_code == new.status_code == 200
    assert "already exists" not in known.get_data(as_text=True)
    strip = lambda response: re.sub(r"\w+@example\.org", "ADDRESS", response.get_data(as_text=True))
    assert strip(known) == strip(new)
    assert "Check your email" in new.get_data(as_text=True)
    assert db.session.query(User).count() == 1, "no account before its address is confirmed"


def test_the_owner_of_a_known_address_is_mailed_instead(mail_app, verifying_client, smtp):
    Factory().user("grace")
    sign_up(verifying_client, "ada", "grace@example.org")
    [(recipients, body)] = sent(mail_app, smtp)
    assert recipients == ["grace@example.org"]
    assert "already has an account" in body and "/password/reset" in body
    assert not LINK.search(body)


def test_the_emailed_link_shows_a_button_and_its_post_creates_the_account(mail_app, verifying_client, smtp):
    sign_up(verifying_client)
    [(recipients, body)] = sent(mail_app, smtp)
    assert recipients == ["ada@example.org"]
    link = LINK.search(body).group(1)
    page = verifying_client.get(link)
    assert page.status_code == 200 and ">Create account</button>" in page.get_data(as_text=True)
    assert db.session.query(User).count() == 0, "opening the link changes nothing"
    response = verifying_client.post(link)
    assert response.status_code == 302
    assert "Log out" in verifying_client.get("/").get_data(as_text=True)
    user = db.session.query(User).one()
    assert (user.username, user.email) == ("ada", "ada@example.org")
    assert db.session.query(PendingSignup).count() == 0
    assert verifying_client.post(link).status_code == 400, "the link works once"


def test_a_link_for_an_address_taken_meanwhile_creates_nothing(mail_app, verifying_client, smtp):
    sign_up(verifying_client, "ada", "ada@example.org")
    sign_up(verifying_client, "ada2", "ada@example.org")
    first, second = (LINK.search(body).group(1) for _, body in sent(mail_app, smtp))
    assert verifying_client.post(first).status_code == 302
    verifying_client.post("/logout")
    assert verifying_client.post(second).status_code == 400
    assert db.session.query(User).count() == 1


def test_a_link_older_than_a_day_is_dead(mail_app, verifying_client, smtp):
    sign_up(verifying_client)
    link = LINK.search(sent(mail_app, smtp)[0][1]).group(1)
    db.session.query(PendingSignup).update({"created_at": utcnow() - timedelta(days=1, minutes=1)})
    db.session.commit()
    assert verifying_client.get(link).status_code == 400
    assert verifying_client.post(link).status_code == 400
    assert db.session.query(User).count() == 0


def test_sign_ups_past_the_limit_answer_429_with_retry_after_alike(mail_app, verifying_client):
    Factory().user("grace")
    mail_app.config["REGISTER_LIMIT_PER_ADDRESS"] = "2 per hour"
    assert sign_up(verifying_client, "ada", "grace@example.org").status_code == 200
    assert sign_up(verifying_client, "lin", "lin@example.org").status_code == 200
    response = sign_up(verifying_client, "joan", "joan@example.org")
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert "Too many new accounts" in response.get_data(as_text=True)


def test_bad_sign_ups_still_say_what_is_wrong_beside_the_field(verifying_client):
    response = verifying_client.post("/register", data={"username": "a!", "email": "ada@example.org",
                                                        "password": Factory.PASSWORD, "confirm": Factory.PASSWORD})
    assert response.status_code == 200
    assert "Use 3 to 30 letters" in response.get_data(as_text=True)


def test_the_api_sends_sign_ups_to_the_browser_when_addresses_are_verified(mail_app, verifying_client):
    response = verifying_client.post("/api/v1/users", json={"username": "ada", "email": "ada@example.org",
                                                            "password": Factory.PASSWORD})
    assert response.status_code == 403
    assert "/register" in response.get_json()["error"]["message"]
    assert db.session.query(User).count() == 0


def test_verification_without_a_mail_server_refuses_to_start(tmp_path):
    with pytest.raises(RuntimeError, match="FORUM_MAIL_SERVER"):
        create_app("testing", {"SQLALCHEMY_DATABASE_URI": "sqlite://", "REQUIRE_EMAIL_VERIFICATION": True})


def test_without_verification_sign_up_logs_in_at_once(client):
    assert sign_up(client).status_code == 302
    assert db.session.query(User).count() == 1


def test_confirming_a_sign_up_needs_the_csrf_token(mail_app, verifying_client, smtp):
    sign_up(verifying_client)
    link = LINK.search(sent(mail_app, smtp)[0][1]).group(1)
    mail_app.config["WTF_CSRF_ENABLED"] = True
    assert verifying_client.post(link).status_code == 400
    assert db.session.query(User).count() == 0
    page = verifying_client.get(link).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert verifying_client.post(link, data={"csrf_token": token}).status_code == 302
