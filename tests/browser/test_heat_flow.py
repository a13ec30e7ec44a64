"""Heat in a browser, with JavaScript on and off: a burst of posts puts a thread in slow mode, and the
public moderation log shows Agora did it.

Settings: HEAT_POSTS 2 (a burst of three), HEAT_SLOW_SECONDS 120 and HEAT_MINUTES 30 (the defaults).
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.actions import log_in


def test_a_burst_of_posts_puts_the_thread_in_slow_mode_and_the_log_shows_it(app, page, make):
    app.config["HEAT_POSTS"] = 2
    thread = make.thread()
    make.post(thread, author=make.user("alice"), body="Alice is first.")
    make.post(thread, author=make.user("carol"), body="Carol is second.")
    make.user("bob")

    log_in(page, "bob")
    page.goto(f"/threads/{thread.id}")
    expect(page.get_by_text("Slow mode is on")).to_have_count(0)
    page.get_by_label("Your answer").fill("Bob makes it three in a minute.")
    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.locator("article.post").filter(has_text="Bob makes it three")).to_be_visible()

    page.goto(f"/threads/{thread.id}")
    expect(page.get_by_text("Slow mode is on: 3 posts in 10 minutes.")).to_be_visible()

    page.goto("/mod/log")
    row = page.locator("tr").filter(has_text="Slow mode started")
    expect(row).to_contain_text("by Agora (automatic)")
    expect(row).to_contain_text("3 posts in 10 minutes")
