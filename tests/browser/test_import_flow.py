"""A moderator imports an article in the browser, fixes a question, and publishes it."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.factories import Factory

ARTICLE = (Path(__file__).parent.parent / "fixtures" / "article-seed-shape.txt").read_text(encoding="utf-8")


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

    hub = page.locator(".thread-list").first
    expect(hub.locator(".thread-row")).to_have_count(3)
    expect(hub).to_contain_text("Who should pay when a borrowed tool breaks?")
    expect(hub).to_contain_text("Should public libraries lend objects as well as information")
    page.get_by_role("link", name="Who should pay when a borrowed tool breaks?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who should pay when a borrowed tool breaks?")
