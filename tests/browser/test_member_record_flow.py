"""What a profile tells moderators (issue 15, item 16) and the suspension banner's one full stop (item 17),
with JavaScript on and off, on a desktop and on a 390 px phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from forum.services import moderation
from tests.browser.actions import log_in, log_out

WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.fixture
def record(make):
    """A member with a removed post, a report on another post, a report of their own, and a suspension on file."""
    warden = make.user("warden", role="moderator")
    make.user("onlooker")
    author = make.user("author")
    thread = make.thread(make.article("Riverton bike lanes", questions=["Would you ride to work?"]))
    removed = make.post(thread, author=author, body="Buy cheap bikes at my shop.")
    moderation.remove_post(warden, removed, reason="Advertising")
    reported = make.post(thread, author=author, body="Cyclists are all reckless.")
    make.report(reported, reporter=make.user("reporter"), reason="other", details="A sweeping insult")
    make.report(make.post(thread, body="Drivers never look."), reporter=author, reason="spam")
    return removed, reported


def fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_a_moderator_sees_a_members_record_on_the_profile_and_a_member_does_not(page, record, width):
    removed, reported = record
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "warden")
    page.goto("/u/author")
    suspend = page.locator("form.suspend-form")
    suspend.get_by_label("Days").fill("3")
    suspend.get_by_label("Reason").fill("Advertising twice")
    suspend.get_by_role("button", name="Suspend").click()
    expect(page.get_by_role("button", name="Unsuspend")).to_be_visible()

    section = page.get_by_role("region", name="For moderators")
    expect(section.get_by_role("heading", name="Removed posts")).to_be_visible()
    expect(section.get_by_role("link", name=f"Post #{removed.id}")).to_be_visible()
    expect(section.get_by_text("removed for “Advertising”")).to_be_visible()
    expect(section.get_by_text("(“A sweeping insult”) by reporter")).to_be_visible()
    expect(section.locator("li", has_text="Spam on post").get_by_role("link")).to_have_count(1)
    history = section.locator("ol").last
    expect(history).to_contain_text("“3 days: Advertising twice”")
    expect(history).to_contain_text("by warden")
    fits(page, width)
    log_out(page)

    log_in(page, "onlooker")
    page.goto("/u/author")
    expect(page.get_by_role("heading", level=1)).to_have_text("author")
    expect(page.get_by_role("heading", name="For moderators")).to_have_count(0)
    expect(page.get_by_text("Advertising")).to_have_count(0)
    expect(page.get_by_text("A sweeping insult")).to_have_count(0)
    expect(page.get_by_role("button", name="Suspend")).to_have_count(0)
    fits(page, width)


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_a_suspension_reason_ending_in_a_full_stop_shows_one_in_the_banner(page, make, width):
    make.user("warden", role="moderator")
    make.user("sam")
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "warden")
    page.goto("/u/sam")
    suspend = page.locator("form.suspend-form")
    suspend.get_by_label("Days").fill("2")
    suspend.get_by_label("Reason").fill("Posting the same link everywhere.")
    suspend.get_by_role("button", name="Suspend").click()
    expect(page.get_by_role("button", name="Unsuspend")).to_be_visible()
    log_out(page)

    log_in(page, "sam")
    banner = page.get_by_role("status").filter(has_text="Your account is suspended until")
    expect(banner).to_contain_text("Posting the same link everywhere. You can read, but not post, vote or report.")
    assert ".." not in banner.inner_text()
    fits(page, width)
