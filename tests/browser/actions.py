"""What a person does in the browser, shared by the browser flows."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.factories import Factory


def log_in(page, name: str, base_url: str = "") -> None:
    """Log in as ``name`` through the form; ``base_url`` for a bare Playwright page (the fixture's knows it)."""
    page.goto(f"{base_url}/login")
    page.get_by_label("Username or email").fill(name)
    page.get_by_label("Password").fill(Factory.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()


def delete_post(page, article, javascript: bool) -> None:
    """Press "Delete" under ``article`` and confirm: the browser's dialog with JavaScript, a page without."""
    page.once("dialog", lambda dialog: dialog.accept())
    article.get_by_role("button", name="Delete").click()
    if not javascript:
        page.get_by_role("button", name="Delete").click()
    expect(page.get_by_text("You deleted this post")).to_be_visible()
