"""A moderator sees from any page how many reports and held posts wait, and the count falls as they work."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.actions import log_in


def test_the_header_counts_what_waits_for_moderators(page, make):
    make.user("warden", role="moderator")
    thread = make.thread(make.article("Riverton bike lanes", questions=["Would you ride to work?"]))
    post = make.post(thread, author=make.user("author"), body="Cyclists should pay a road tax.")
    make.report(post, reporter=make.user("reporter"))

    log_in(page, "warden")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Reports 1 waiting")).to_be_visible()
    expect(nav.get_by_role("link", name="Queue", exact=True)).to_be_visible()
    nav.get_by_role("link", name="Reports").click()
    page.get_by_role("button", name="Dismiss").click()
    expect(page.get_by_text("No open reports")).to_be_visible()
    expect(nav.get_by_role("link", name="Reports", exact=True)).to_be_visible()
