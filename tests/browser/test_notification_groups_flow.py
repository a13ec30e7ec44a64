"""Replies in one thread arrive as one group with an excerpt, read by a button: JavaScript on and off,
on a desktop and on a 390 px phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.actions import log_in

WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_three_replies_show_as_one_group_read_with_one_button(page, make, width):
    thread = make.thread(make.article("Harbour library tools", questions=["Should libraries lend drills?"]))
    reader, writer = make.user("reader"), make.user("writer")
    answer = make.post(thread, author=reader, body="Yes, with a deposit.")
    for body in ("How much?", "Who repairs them?", "A deposit keeps the drills coming back, and also pays for bits."):
        make.post(thread, author=writer, parent=answer, body=body)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "reader")
    page.goto("/notifications")
    group = page.locator(".notification")
    expect(group).to_have_count(1)
    summary = "3 new replies in “Should libraries lend drills?”"
    expect(group.get_by_role("button", name=summary, exact=True)).to_be_visible()
    expect(group.locator(".notification-excerpt")).to_contain_text("A deposit keeps the drills coming back")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    group.get_by_role("button", name="Mark read").click()
    expect(page.get_by_role("button", name="3 replies in “Should libraries lend drills?”", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()


def test_opening_a_group_leads_to_the_first_new_reply(page, make):
    thread = make.thread(make.article("Harbour library tools", questions=["Should libraries lend drills?"]))
    reader, writer = make.user("reader"), make.user("writer")
    answer = make.post(thread, author=reader, body="Yes, with a deposit.")
    make.post(thread, author=writer, parent=answer, body="How much would it be?")
    make.post(thread, author=writer, parent=answer, body="Who repairs them?")
    log_in(page, "reader")
    page.goto("/notifications")
    page.get_by_role("button", name="2 new replies in “Should libraries lend drills?”", exact=True).click()
    expect(page.get_by_text("How much would it be?")).to_be_visible()
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
