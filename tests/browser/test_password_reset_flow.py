"""A member who forgot the password gets a link by email and chooses a new one, with JavaScript on and off."""

from __future__ import annotations

import re
from email import message_from_bytes, policy

import pytest
from playwright.sync_api import expect

from forum.services.mail import EXTENSION_KEY
from tests.factories import Factory


@pytest.fixture
def app(mail_app):
    """The live server sends its email to the suite's SMTP sink."""
    return mail_app


def emailed_link_path(app, smtp) -> str:
    app.extensions[EXTENSION_KEY].wait()
    [envelope] = smtp[0].envelopes
    assert envelope.rcpt_tos == ["lin@example.org"]
    body = message_from_bytes(envelope.content, policy=policy.default).get_content()
    return re.search(r"https://agora\.example\.org(/password/reset/[\w.-]+)", body).group(1)


def test_resetting_a_forgotten_password_by_email(page, app, smtp, make):
    make.user("lin")
    page.goto("/login")
    page.get_by_role("link", name="Forgot password?").click()
    page.get_by_label("Email").fill("lin@example.org")
    page.get_by_role("button", name="Send reset link").click()
    expect(page.get_by_text("we sent it a link to choose a new password")).to_be_visible()

    page.goto(emailed_link_path(app, smtp))
    page.get_by_label("New password", exact=True).fill(Factory.NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(Factory.NEW_PASSWORD)
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_text("Your password is set")).to_be_visible()

    page.get_by_label("Username or email").fill("lin")
    page.get_by_label("Password").fill(Factory.NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
