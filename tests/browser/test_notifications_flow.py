"""Following a thread, hearing of a reply through the bell, and marking everything read."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_moderation_flow import log_in, log_out


@pytest.fixture
def scene(make):
    thread = make.thread(make.article("Harbour library tools", questions=["Should libraries lend drills?"]))
    make.user("reader")
    make.post(thread, author=make.user("writer"), body="Only with a deposit.")
    return thread


def test_a_follower_hears_of_a_new_post_and_marks_it_read(page, scene, javascript):
    log_in(page, "reader")
    page.goto(f"/threads/{scene.id}")
    page.get_by_role("button", name="Follow", exact=True).click()
    expect(page.get_by_role("button", name="Unfollow")).to_be_visible()
    log_out(page)

    log_in(page, "writer")
    page.goto(f"/threads/{scene.id}")
    page.get_by_label("Your answer").fill("And a short safety class.")
    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.get_by_text("And a short safety class.")).to_be_visible()
    log_out(page)

    log_in(page, "reader")
    bell = page.get_by_role("link", name="Notifications 1 unread")
    expect(bell).to_be_visible()
    bell.click()
    page.get_by_role("button", name="1 new reply in “Should libraries lend drills?”", exact=True).click()
    expect(page.get_by_text("And a short safety class.")).to_be_visible()
    page.goto("/notifications")
    page.get_by_role("button", name="Mark all read").click()
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
