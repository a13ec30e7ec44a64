"""Writing in a thread and reading its state: a refused answer, the page after an answer, why it is closed."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from forum.services import articles, moderation
from tests.browser.actions import delete_post, log_in


def test_reloading_a_refused_answer_from_the_address_bar_shows_the_thread(page, make):
    member, thread = make.user("member"), make.thread()
    log_in(page, member.username)
    page.goto(f"/threads/{thread.id}")
    page.get_by_label("Your answer").fill("   ")
    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.get_by_text("Write something first.")).to_be_visible()
    # Without JavaScript the browser logs the 422 page it was answered (as it would any 4xx page).
    page.errors[:] = [error for error in page.errors if "status of 422" not in error]

    response = page.goto(page.url.removeprefix(page.base_url))
    assert response.status == 200
    expect(page.page).to_have_url(re.compile(rf"/threads/{thread.id}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(thread.title)


def test_the_page_around_a_new_answer_and_reply_is_current(page, make, javascript):
    member, thread = make.user("member"), make.thread()
    log_in(page, member.username)
    page.goto(f"/threads/{thread.id}")
    expect(page.get_by_text("No answers yet. Be the first.")).to_be_visible()
    expect(page.get_by_role("button", name="Follow", exact=True)).to_be_visible()

    page.get_by_label("Your answer").fill("My first answer")
    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.locator("article.post").filter(has_text="My first answer")).to_be_visible()
    expect(page.get_by_text("No answers yet")).to_have_count(0)
    expect(page.locator("#thread-summary")).to_contain_text("1 post")
    expect(page.get_by_role("button", name="Unfollow")).to_be_visible()

    mine = page.locator("article.post").filter(has_text="My first answer")
    mine.get_by_role("button" if javascript else "link", name="Reply", exact=True).click()
    form = page.locator("#reply")
    form.get_by_label("Reply", exact=True).fill("And a reply to myself")
    form.get_by_role("button", name="Post reply").click()
    expect(page.locator("article.post").filter(has_text="And a reply to myself")).to_be_visible()
    expect(page.locator("#thread-summary")).to_contain_text("2 posts")


def test_readers_see_why_a_thread_is_locked_and_an_article_closed(page, make):
    moderator = make.user("moderator", role="moderator")
    locked, closed = make.thread(), make.thread()
    moderation.lock_thread(moderator, locked, reason="Cooling off after a flame war.")
    articles.set_discussion_open(moderator, closed.article, is_open=False, reason="The story was retracted")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"/threads/{locked.id}")
        expect(page.locator(".notice").filter(has_text="This thread is locked.")).to_contain_text(
            "Reason: Cooling off after a flame war.")
        page.goto(f"/articles/{closed.article.slug}")
        expect(page.locator(".notice").filter(has_text="Discussion on this article is closed.")).to_contain_text(
            "Reason: The story was retracted")
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_previewing_an_answer_and_a_reply_keeps_the_text(page, make, javascript):
    member, thread = make.user("member"), make.thread()
    make.post(thread, body="Somebody's answer")
    log_in(page, member.username)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"/threads/{thread.id}")
        page.get_by_label("Your answer").fill("A **bold** claim")
        page.get_by_role("button", name="Preview").first.click()
        preview = page.locator("#answer-preview")
        expect(preview.locator("strong")).to_have_text("bold")
        expect(page.get_by_label("Your answer")).to_have_value("A **bold** claim")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator("article.post").count() == 1  # nothing was posted

    theirs = page.locator("article.post").filter(has_text="Somebody's answer")
    theirs.get_by_role("button" if javascript else "link", name="Reply", exact=True).click()
    form = page.locator("#reply")
    form.get_by_label("Reply", exact=True).fill("An _emphatic_ reply")
    form.get_by_role("button", name="Preview").click()
    expect(page.locator("#reply-preview em")).to_have_text("emphatic")
    expect(page.locator("#reply").get_by_label("Reply", exact=True)).to_have_value("An _emphatic_ reply")
    page.locator("#reply").get_by_role("button", name="Post reply").click()
    expect(page.locator("article.post").filter(has_text="An emphatic reply")).to_be_visible()


def select_text(page, post_text: str, words: str) -> None:
    """Select ``words`` in the last run of text of the post that says ``post_text``, as a mouse would."""
    page.locator("article.post").filter(has_text=post_text).locator(".post-body p").first.evaluate(
        """(paragraph, words) => {
            const node = paragraph.lastChild, start = node.textContent.indexOf(words);
            const range = document.createRange();
            range.setStart(node, start);
            range.setEnd(node, start + words.length);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }""", words)


def test_quote_puts_the_selection_or_the_whole_post_into_the_reply_box(page, make, javascript):
    member, thread = make.user("member"), make.thread()
    make.post(thread, body="Cities should **plant** more trees along every street")
    log_in(page, member.username)
    page.goto(f"/threads/{thread.id}")
    theirs = page.locator("article.post").filter(has_text="plant more trees")
    reply_box = page.locator("#reply").get_by_label("Reply", exact=True)
    if javascript:
        select_text(page, "plant more trees", "more trees")
        theirs.get_by_role("button", name="Quote").click()
        expect(reply_box).to_have_value("> more trees\n\n")
        page.evaluate("getSelection().removeAllRanges()")
        reply_box.fill("")
    theirs.get_by_role("button" if javascript else "link", name="Quote").click()
    expect(reply_box).to_have_value("> Cities should **plant** more trees along every street\n\n")
    reply_box.press("End")
    reply_box.type("I agree.")
    page.locator("#reply").get_by_role("button", name="Post reply").click()
    reply = page.locator("article.post").filter(has_text="I agree.")
    expect(reply.locator("blockquote strong")).to_have_text("plant")


def test_deleting_asks_first_and_undo_brings_the_post_back(page, make, javascript):
    author, thread = make.user("author"), make.thread()
    make.post(thread, author=author, body="A slip of the keyboard")
    log_in(page, author.username)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"/threads/{thread.id}")
        mine = page.locator("article.post").filter(has_text="A slip of the keyboard")
        page.once("dialog", lambda dialog: dialog.dismiss())
        mine.get_by_role("button", name="Delete").click()
        if not javascript:
            expect(page.get_by_role("heading", name="Delete this post?")).to_be_visible()
            page.get_by_role("link", name="Back to the thread").click()
        expect(page.locator("article.post").filter(has_text="A slip of the keyboard")).to_be_visible()

        delete_post(page, page.locator("article.post").filter(has_text="A slip of the keyboard"), javascript)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.get_by_role("button", name="Undo").click()
        expect(page.locator("article.post").filter(has_text="A slip of the keyboard")).to_be_visible()
