"""A member asks their own question with details: the details stand under the title, answers and replies to
the details go where they belong; with JavaScript on and off, on a desktop and on a 390 px phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.actions import log_in, log_out

WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_the_details_stay_with_the_question_as_answers_and_replies_come(page, make, javascript, width):
    article = make.article("Harbour buses")
    make.user("bob")
    make.user("carol")
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "bob")
    page.goto(f"/articles/{article.slug}")
    page.get_by_role("link", name="Ask your own question").click()
    page.get_by_label("Your question").fill("What about night buses?")
    page.get_by_label("Details").fill("Nobody mentioned the **last** bus.")
    page.get_by_role("button", name="Start thread").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What about night buses?")
    details = page.get_by_role("region", name="Question details")
    expect(details.locator("strong")).to_have_text("last")
    expect(details.get_by_role("link", name="bob")).to_be_visible()
    expect(page.get_by_text("No answers yet. Be the first.")).to_be_visible()
    thread_path = page.url.removeprefix(page.base_url)

    log_out(page)
    log_in(page, "carol")
    page.goto(thread_path)
    page.get_by_label("Your answer").fill("The 23 runs until one.")
    page.get_by_role("button", name="Post", exact=True).click()
    answers = page.locator("#post-list")
    expect(answers.get_by_text("The 23 runs until one.")).to_be_visible()
    expect(page.get_by_text("No answers yet. Be the first.")).to_be_hidden()
    expect(details.get_by_text("The 23 runs until one.")).to_have_count(0)

    # With JavaScript "Reply" opens the form in place (a button); without, on the permalink (a link).
    details.get_by_role("button" if javascript else "link", name="Reply").first.click()
    page.get_by_label("Reply", exact=True).fill("Which part of town?")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_role("region", name="Question details").get_by_text("Which part of town?")).to_be_visible()
    expect(answers.get_by_text("Which part of town?")).to_have_count(0)
    assert re.search(r"/threads/\d+", page.url)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
