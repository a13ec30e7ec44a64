"""A report becomes a removal, a lock and a suspension, and the public log tells readers why."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.actions import log_in, log_out


@pytest.fixture
def scene(make):
    """A thread with one post by a member whom another member finds abusive."""
    make.user("warden", role="moderator")
    author = make.user("author")
    make.user("reporter")
    thread = make.thread(make.article("Riverton bike lanes", questions=["Would you ride to work?"]))
    post = make.post(thread, author=author, body="Anyone who cycles deserves to be hit.")
    return thread, post


def test_a_report_leads_to_removal_lock_and_suspension_in_the_public_log(page, scene, browser, live_server, javascript):
    thread, post = scene

    log_in(page, "reporter")
    page.goto(f"/threads/{thread.id}")
    page.locator(f"#post-{post.id}").get_by_role("link", name="Report").click()
    page.get_by_label("Harassment").check()
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_text("A moderator will look at this post.")).to_be_visible()
    log_out(page)

    log_in(page, "warden")
    page.get_by_role("link", name="Reports").click()
    expect(page.get_by_text("1 report on post")).to_be_visible()
    expect(page.get_by_text("Anyone who cycles deserves to be hit.")).to_be_visible()
    page.get_by_label("Remove the post").check()
    page.get_by_label("Reason").fill("Wishing harm on other people")
    page.get_by_role("button", name="Resolve").click()
    expect(page.get_by_text("No open reports")).to_be_visible()

    page.goto(f"/threads/{thread.id}")
    menu = page.locator("details.mod-thread")
    menu.get_by_text("Moderate", exact=True).click()
    menu.get_by_label("Reason").fill("Cooling off after threats")
    page.get_by_role("button", name="Lock thread").click()
    expect(page.get_by_text("This thread is locked")).to_be_visible()

    page.goto("/u/author")
    suspend = page.locator("form.suspend-form")
    suspend.get_by_label("Days").fill("7")
    suspend.get_by_label("Reason").fill("Threatening other members")
    page.get_by_role("button", name="Suspend").click()
    expect(page.get_by_role("button", name="Unsuspend")).to_be_visible()
    log_out(page)

    log_in(page, "author")
    expect(page.get_by_text("Your account is suspended until")).to_be_visible()
    expect(page.get_by_text("Threatening other members")).to_be_visible()
    page.goto(f"/threads/{thread.id}")
    expect(page.get_by_text("Removed by a moderator: Wishing harm on other people")).to_be_visible()
    expect(page.get_by_text("This thread is locked")).to_be_visible()
    expect(page.get_by_label("Your answer")).to_have_count(0)

    visitor = browser.new_context(java_script_enabled=javascript)
    try:
        log = visitor.new_page()
        log.goto(live_server + "/mod/log")
        rows = log.locator("table.mod-log tbody tr")
        expect(rows).to_have_count(3)
        expect(rows.nth(0)).to_contain_text("Suspended member")
        expect(rows.nth(0)).to_contain_text("Threatening other members")
        expect(rows.nth(1)).to_contain_text("Locked thread")
        expect(rows.nth(1)).to_contain_text("Cooling off after threats")
        expect(rows.nth(2)).to_contain_text("Removed post")
        expect(rows.nth(2)).to_contain_text("Wishing harm on other people")
        expect(log.get_by_text("warden")).to_have_count(0)
    finally:
        visitor.close()


def test_a_moderator_removes_and_restores_a_post_from_the_thread(page, scene):
    thread, post = scene
    log_in(page, "warden")
    page.goto(f"/threads/{thread.id}")
    item = page.locator(f"#post-{post.id}")
    item.get_by_text("Moderate").click()
    item.get_by_role("button", name="Remove").click()
    expect(page.get_by_text("Give a reason; readers will see it.")).to_be_visible()
    page.get_by_label("Reason").fill("Threats")
    page.get_by_role("button", name="Remove").click()
    expect(page.locator(f"#post-{post.id}")).to_contain_text("Removed by a moderator: Threats")
    page.locator(f"#post-{post.id}").get_by_text("Moderate", exact=True).click()
    page.locator(f"#post-{post.id}").get_by_role("button", name="Restore").click()
    expect(page.locator(f"#post-{post.id}")).not_to_contain_text("Removed by a moderator")
