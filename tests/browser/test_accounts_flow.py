"""A person registers, logs out and logs in again, with JavaScript on and off."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.factories import Factory


def test_register_log_out_and_log_in(page):
    page.goto("/register")
    page.get_by_label("Username").fill("grace")
    page.get_by_label("Email").fill("grace@example.org")
    page.get_by_label("Password", exact=True).fill(Factory.PASSWORD)
    page.get_by_label("Confirm password").fill(Factory.PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()

    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Username or email").fill("GRACE")
    page.get_by_label("Password").fill(Factory.PASSWORD)
    page.get_by_label("Remember me").check()
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="grace")).to_be_visible()


def test_a_bad_registration_keeps_what_was_typed(page):
    page.goto("/register")
    page.get_by_label("Username").fill("x")
    page.get_by_label("Email").fill("grace@example.org")
    page.get_by_label("Password", exact=True).fill(Factory.PASSWORD)
    page.get_by_label("Confirm password").fill(Factory.PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Use 3 to 30 letters, digits, underscores or hyphens.")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value("grace@example.org")


def test_changing_the_password(page, make):
    make.user("lin")
    page.goto("/login")
    page.get_by_label("Username or email").fill("lin")
    page.get_by_label("Password").fill(Factory.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Settings").click()
    page.locator("#current_password").fill(Factory.PASSWORD)
    page.get_by_label("New password", exact=True).fill(Factory.NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(Factory.NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your password is changed.")).to_be_visible()
