"""An admin deletes an article from its page, readers lose it, and the admin restores it from the list."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.actions import log_in, log_out


def test_an_admin_deletes_an_article_and_restores_it(page, make):
    make.user("root", role="admin")
    article = make.article("Riverton bike lanes", questions=["Would you ride to work?"])

    log_in(page, "root")
    page.goto(f"/articles/{article.slug}")
    controls = page.get_by_role("form", name="Delete this article")
    controls.get_by_label("Reason").fill("Imported twice")
    controls.get_by_role("button", name="Delete article").click()
    expect(page.get_by_role("heading", name="Deleted articles")).to_be_visible()
    expect(page.get_by_text("“Riverton bike lanes” is deleted.")).to_be_visible()
    log_out(page)

    page.goto("/")
    expect(page.get_by_role("link", name="Riverton bike lanes")).to_have_count(0)
    origin = page.url.rstrip("/")
    assert page.request.get(f"{origin}/articles/{article.slug}").status == 404  # no console error for a 404 page

    log_in(page, "root")
    page.get_by_role("link", name="Deleted articles").click()
    page.get_by_role("form", name="Restore “Riverton bike lanes”").get_by_role("button", name="Restore").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverton bike lanes")
    expect(page.get_by_text("The article is restored.")).to_be_visible()
