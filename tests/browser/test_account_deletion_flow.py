"""A member deletes their account from Settings, confirming with the password: JavaScript on and off,
on a desktop and on a 390 px phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.actions import log_in
from tests.factories import Factory

WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_a_member_deletes_their_account_and_their_posts_show_deleted(page, make, width):
    thread = make.thread(make.article("Harbour library tools", questions=["Should libraries lend drills?"]))
    make.post(thread, author=make.user("grace"), body="Only with a deposit.")
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "grace")
    page.goto("/settings")
    page.get_by_role("link", name="Delete my account").click()
    expect(page.get_by_role("link", name="Download my data")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_label("Keep my posts, shown as “[deleted]”").check()
    page.get_by_label("Password").fill(Factory.PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account is deleted.")).to_be_visible()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    page.goto(f"/threads/{thread.id}")
    post = page.locator("article.post").first
    expect(post).to_contain_text("Only with a deposit.")
    expect(post.locator(".post-author")).to_have_text("[deleted]")


def test_a_wrong_password_deletes_nothing_and_keeps_the_choice(page, make):
    make.user("grace")
    log_in(page, "grace")
    page.goto("/settings/delete")
    page.get_by_label("Remove my posts").check()
    page.get_by_label("Password").fill("not my password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("That is not your password.")).to_be_visible()
    expect(page.get_by_label("Remove my posts")).to_be_checked()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert page.errors == ["Failed to load resource: the server responded with a status of 422 (UNPROCESSABLE ENTITY)"]
    page.errors.clear()  # the refusal answers 422, which Chromium logs
