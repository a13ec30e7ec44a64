"""A reader searches from the header of any page and narrows the results, with JavaScript on and off."""

from __future__ import annotations

from playwright.sync_api import expect


def test_a_reader_searches_from_the_header_and_keeps_to_one_article(page, make):
    article = make.article("Harbour library lends power drills", questions=["Should libraries lend power tools?"])
    make.post(make.thread(article), author=make.user("carol"), body="Our workshop shares a table saw.")
    other = make.article("Saws in schools", questions=["Who sharpens the saws?"])
    make.post(make.thread(other), author=make.user("dave"), body="I sharpen every saw myself.")
    page.goto(f"/articles/{article.slug}")
    header = page.get_by_role("search")
    header.get_by_label("Search").fill("saw")
    header.get_by_role("button", name="Search").click()
    results = page.locator(".search-hit")
    expect(page.get_by_role("status")).to_have_text("4 results")
    expect(results.locator("mark").first).to_be_visible()
    results.filter(has_text="table saw").get_by_role("link", name="only this article").click()
    expect(page.get_by_role("status")).to_have_text("1 result")
    expect(page.get_by_text("Only in “Harbour library lends power drills”.")).to_be_visible()
    page.locator(".search-form").get_by_label("Author").fill("nobody-here")
    page.locator(".search-form").get_by_role("button", name="Search").click()
    expect(page.get_by_text("No member goes by that name.")).to_be_visible()
    assert [error for error in page.errors if "422" in error] == page.errors != []  # the page answers 422
    page.errors.clear()
    page.locator(".search-form").get_by_label("Author").fill("carol")
    page.locator(".search-form").get_by_role("button", name="Search").click()
    results.get_by_role("link", name="Should libraries lend power tools?").click()
    expect(page.get_by_text("Our workshop shares a table saw.")).to_be_visible()
