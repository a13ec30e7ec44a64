"""A moderator imports an article in the browser, fixes a question, and publishes it."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.browser.actions import log_in
from tests.browser.test_accessibility import violations
from tests.factories import Factory

ARTICLE = (Path(__file__).parent.parent / "fixtures" / "article-seed-shape.txt").read_text(encoding="utf-8")
CORPUS = Path(__file__).parent.parent / "fixtures" / "articles"


def test_import_edit_a_question_in_the_preview_and_publish(page, make):
    make.user("editor", role="moderator")
    page.goto("/login")
    page.get_by_label("Username or email").fill("editor")
    page.get_by_label("Password").fill(Factory.PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto("/articles/import")
    page.get_by_label("Article text").fill(ARTICLE)
    page.get_by_role("button", name="Extract questions").click()

    expect(page.get_by_label("Title")).to_have_value(
        "Harbour Library’s “Tool Shelf” Draws a Waiting List—What Lending Drills Says About Public Space")
    expect(page.get_by_label("Source")).to_have_value("https://example.org/news/harbour-library-tool-shelf/")
    questions = page.get_by_label("Questions")
    lines = questions.input_value().splitlines()
    assert len(lines) == 3
    lines[1] = "Who should pay when a borrowed tool breaks?"
    questions.fill("\n".join(lines))
    page.get_by_role("button", name="Publish").click()

    hub = page.locator(".question-list")
    expect(hub.locator(".question-row")).to_have_count(3)
    expect(hub).to_contain_text("Who should pay when a borrowed tool breaks?")
    expect(hub).to_contain_text("Should public libraries lend objects as well as information")
    page.get_by_role("link", name="Who should pay when a borrowed tool breaks?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who should pay when a borrowed tool breaks?")


def test_the_preview_shows_why_each_question_was_found_and_the_summary_reaches_the_front_page(
    page, make, javascript
):
    make.user("editor", role="moderator")
    page.goto("/login")
    page.get_by_label("Username or email").fill("editor")
    page.get_by_label("Password").fill(Factory.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto("/articles/import")
    page.get_by_label("Article file").set_input_files(str(CORPUS / "07-over-to-you-news.html"))
    page.get_by_role("button", name="Extract questions").click()

    found = page.locator(".found-questions li")
    expect(found).to_have_count(2)
    expect(found.first).to_contain_text("Is a quieter street worth paying more for your garden to be tended?")
    expect(found.first).to_contain_text("under the heading 'Over to you'")
    summary = "From October, gas-powered leaf blowers will be banned in Riverside's residential streets"
    expect(page.get_by_label("Summary")).to_have_value(summary + " for a one-year trial.")
    if javascript:  # axe runs as a script in the page
        assert violations(page.page) == []
    questions = page.get_by_label("Questions")
    questions.fill(questions.input_value() + "\nWho should enforce the ban?")
    page.get_by_role("button", name="Publish").click()

    expect(page.locator(".question-list .question-row")).to_have_count(3)
    page.goto("/")
    expect(page.locator("main")).to_contain_text(summary)


def _preview(page, text: str) -> None:
    page.goto("/articles/import")
    page.get_by_label("Article text").fill(text)
    page.get_by_role("button", name="Extract questions").click()


def test_importing_a_published_article_again_warns_and_publishes_only_when_confirmed(page, make):
    make.user("editor", role="moderator")
    log_in(page, "editor")
    _preview(page, ARTICLE)
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".question-list")).to_be_visible()
    first = urlsplit(page.url).path

    _preview(page, ARTICLE)
    warning = page.get_by_role("alert")
    expect(warning).to_contain_text("Already published as")
    expect(warning.get_by_role("link")).to_have_attribute("href", first)
    expect(page.get_by_role("button", name="Publish", exact=True)).to_have_count(0)
    page.get_by_role("button", name="Publish anyway").click()
    page.wait_for_url(re.compile(re.escape(first + "-2") + "$"))


def test_publishing_without_questions_asks_to_confirm(page, make):
    make.user("editor", role="moderator")
    log_in(page, "editor")
    _preview(page, "Notes from the meeting\n\nWe met and talked about the park.")

    expect(page.get_by_role("alert")).to_contain_text("This article has no questions")
    page.get_by_role("button", name="Publish anyway").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notes from the meeting")
