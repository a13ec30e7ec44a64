"""Writing in a thread: a refused answer, the page after an answer, with JavaScript on and off."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.actions import log_in


def test_reloading_a_refused_answer_from_the_address_bar_shows_the_thread(page, make):
    member, thread = make.user("member"), make.thread()
    log_in(page, member.username)
    page.goto(f"/threads/{thread.id}")
    page.get_by_label("Your answer").fill("   ")
    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.get_by_text("Write something first.")).to_be_visible()
    # Without JavaScript the browser logs the 422 page it was answered (as it would any 4xx page).
    page.errors[:] = [error for error in page.errors if "status of 422" not in error]

    response = page.goto(page.url.removeprefix(page.base_url))
    assert response.status == 200
    expect(page.page).to_have_url(re.compile(rf"/threads/{thread.id}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(thread.title)
