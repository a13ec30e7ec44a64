"""Hostile post bodies show as text: no script runs, whatever the body says."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.factories import Factory

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1))"


def test_a_hostile_post_shows_as_harmless_text(page, make):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    thread = make.thread()
    post = make.post(thread, body=HOSTILE)
    places = [(f"/threads/{thread.id}", f"#post-{post.id} .post-body"),
              (f"/posts/{post.id}", f"#post-{post.id} .post-body"),
              (f"/u/{post.author.username}", ".profile-post .post-body")]
    for path, selector in places:
        page.goto(path)
        body = page.locator(selector)
        expect(body).to_contain_text("<script>alert(1)</script>")
        expect(body.locator("script, img")).to_have_count(0)
        assert body.locator("a[href^='javascript']").count() == 0
        page.wait_for_timeout(100)
    assert dialogs == []


def test_typing_a_hostile_answer_runs_nothing(page, make):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    member = make.user("mallory")
    thread = make.thread()
    page.goto("/login")
    page.get_by_label("Username or email").fill(member.username)
    page.get_by_label("Password").fill(Factory.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/threads/{thread.id}")
    page.get_by_label("Your answer").fill(HOSTILE)
    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.locator("article.post .post-body")).to_contain_text("<img src=x onerror=alert(1)>")
    page.wait_for_timeout(100)
    assert dialogs == []
