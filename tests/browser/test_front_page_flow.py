"""A reader sorts the front page by its tabs, with JavaScript on and off."""

from __future__ import annotations

from playwright.sync_api import expect


def test_a_reader_switches_between_the_front_pages_orders(page, make):
    quiet = make.article("Quiet piece", questions=["Answered once?", "Nobody answered this yet?"])
    busy = make.article("Busy piece", questions=["Everyone answered this?"])
    make.post(make.thread(busy))
    make.post(make.thread(busy))
    make.post(make.thread(quiet))
    page.goto("/")
    cards = page.locator(".article-card h2")
    expect(cards.first).to_have_text("Quiet piece")  # Latest: the last post was there
    page.get_by_role("link", name="New", exact=True).click()
    expect(page.get_by_role("link", name="New", exact=True)).to_have_attribute("aria-current", "page")
    expect(cards.first).to_have_text("Busy piece")
    page.get_by_role("link", name="Top", exact=True).click()
    page.get_by_role("link", name="all time").click()
    expect(page.get_by_role("link", name="all time")).to_have_attribute("aria-current", "page")
    expect(cards.first).to_have_text("Busy piece")
    page.get_by_role("link", name="Unanswered").click()
    expect(page.get_by_role("link", name="Nobody answered this yet?")).to_be_visible()
    expect(page.get_by_role("link", name="Everyone answered this?")).to_have_count(0)
