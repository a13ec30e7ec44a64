"""Answer first in a browser, with JavaScript on and off: no answers before one's own, all of them after."""

from __future__ import annotations

from playwright.sync_api import expect

from forum.services import moderation
from tests.browser.actions import log_in


def test_a_member_sees_the_answers_only_after_posting_one(page, make):
    moderator = make.user("moderator", role="moderator")
    thread = make.thread()
    make.post(thread, author=make.user("alice"), body="Alice thought hard about this.")
    moderation.require_answers_first(moderator, thread)
    make.user("bob")

    log_in(page, "bob")
    page.goto(f"/threads/{thread.id}")
    expect(page.get_by_text("Answers are hidden until you post yours.")).to_be_visible()
    expect(page.get_by_text("1 answer", exact=True)).to_be_visible()
    assert "Alice thought hard" not in page.content()

    page.get_by_label("Your answer").fill("Bob answers without peeking.")
    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.locator("article.post").filter(has_text="Alice thought hard about this.")).to_be_visible()
    expect(page.locator("article.post").filter(has_text="Bob answers without peeking.")).to_be_visible()
    expect(page.get_by_text("Answers are hidden until you post yours.")).to_have_count(0)
