"""The thread page's tree (issue 15, items 1, 2, 3, 15 and 21), with and without JavaScript, on a desktop and a 390 px phone:
a compact tree that never scrolls sideways, "Collapse" / "Expand", arrow votes, one "Moderate" menu, one reply form."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from forum.services import votes
from tests.browser.actions import log_in

PHONE = {"width": 390, "height": 844}


@pytest.fixture(params=["desktop", "phone"])
def screen(request, page) -> str:
    if request.param == "phone":
        page.set_viewport_size(PHONE)
    return request.param


def article(page, post):
    return page.locator(f"#post-{post.id}")


def fold(page, post):
    """The <details> holding ``post`` and its replies."""
    return page.locator(f"li.post-node:has(> details > #post-{post.id}) > details")


def test_a_ten_deep_thread_fits_the_screen_without_sideways_scrolling(page, make, screen):
    thread = make.thread()
    parent = None
    chain = []
    for depth in range(10):
        parent = make.post(thread, parent=parent,
                           body=f"Depth {depth}: a reply with a long word, Donaudampfschifffahrtsgesellschaftskapitän, "
                                f"and a link https://example.org/{'a' * 60}")
        chain.append(parent)
    log_in(page, make.user("reader").username)  # a member's page: votes and every action on each post
    page.goto(f"/threads/{thread.id}")
    expect(article(page, chain[7])).to_be_visible()
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for post in chain[:8]:  # deeper ones sit behind "Continue this thread"
        box = article(page, post).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (post.id, box, width)
        votes_row = article(page, post).locator(".post-actions").bounding_box()
        assert votes_row["x"] + votes_row["width"] <= width
    # A thread line per level, and the indentation stops growing on a phone.
    indents = [article(page, post).bounding_box()["x"] for post in chain[:8]]
    steps = [b - a for a, b in zip(indents, indents[1:])]
    assert all(step > 0 for step in steps)
    if screen == "phone":
        assert indents[-1] < 0.4 * width
        assert steps[-1] < steps[0]
    expect(page.get_by_role("link", name="Continue this thread")).to_be_visible()


def test_a_post_collapses_and_expands_with_its_replies(page, make, javascript, screen):
    thread = make.thread()
    answer = make.post(thread, author=make.user("ann"), body="The answer to fold away")
    reply = make.post(thread, parent=answer, body="A reply under it")
    make.post(thread, parent=reply, body="A reply to the reply")
    other = make.post(thread, body="Another answer stays open")
    page.goto(f"/threads/{thread.id}")
    toggle = fold(page, answer).locator("> summary")
    expect(toggle).to_have_accessible_name("Collapse")
    if javascript:
        expect(toggle).to_have_attribute("aria-expanded", "true")

    toggle.click()
    expect(page.get_by_text("The answer to fold away")).to_be_hidden()
    expect(page.get_by_text("A reply under it")).to_be_hidden()
    expect(toggle).to_have_accessible_name("Expand ann · 2 replies hidden")
    expect(page.get_by_text("Another answer stays open")).to_be_visible()
    if javascript:
        expect(toggle).to_have_attribute("aria-expanded", "false")

    toggle.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("The answer to fold away")).to_be_visible()
    expect(page.get_by_text("A reply to the reply")).to_be_visible()
    expect(toggle).to_have_accessible_name("Collapse")
    page.keyboard.press("Space")
    expect(page.get_by_text("A reply under it")).to_be_hidden()
    expect(fold(page, other).locator("> summary")).to_have_accessible_name("Collapse")


def test_posts_scored_minus_five_or_lower_start_collapsed(page, make, javascript):
    thread = make.thread()
    buried = make.post(thread, author=make.user("bob"), body="Buried at minus five")
    make.post(thread, parent=buried, body="Its only reply")
    low = make.post(thread, body="Only minus four")
    for n in range(5):
        voter = make.user(f"voter{n}")
        votes.cast_vote(voter, buried, value=-1)
        if n < 4:
            votes.cast_vote(voter, low, value=-1)
    page.goto(f"/threads/{thread.id}")
    toggle = fold(page, buried).locator("> summary")
    expect(toggle).to_have_accessible_name("Expand bob · 1 reply hidden")
    expect(page.get_by_text("Buried at minus five")).to_be_hidden()
    expect(page.get_by_text("Only minus four")).to_be_visible()
    if javascript:
        expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(page.get_by_text("Buried at minus five")).to_be_visible()
    expect(page.get_by_text("Its only reply")).to_be_visible()


def test_votes_are_arrow_buttons_named_upvote_and_downvote_with_the_score_between(page, make, javascript, screen):
    thread = make.thread()
    post = make.post(thread, body="Vote on me")
    log_in(page, make.user("reader").username)
    page.goto(f"/threads/{thread.id}")
    up = article(page, post).get_by_role("button", name="Upvote")
    down = article(page, post).get_by_role("button", name="Downvote")
    score = article(page, post).locator(".score")
    expect(up).to_have_text("▲")
    expect(down).to_have_text("▼")
    expect(score).to_have_text("0 points")
    boxes = [locator.bounding_box() for locator in (up, score, down)]
    assert boxes[0]["x"] + boxes[0]["width"] <= boxes[1]["x"] and boxes[1]["x"] + boxes[1]["width"] <= boxes[2]["x"]
    assert max(box["y"] for box in boxes) - min(box["y"] for box in boxes) < boxes[0]["height"]
    assert all(box["width"] >= 24 and box["height"] >= 24 for box in (boxes[0], boxes[2]))  # a finger's target
    up.click()
    expect(article(page, post)).to_have_attribute("data-score", "1")
    expect(article(page, post).get_by_role("button", name="Upvote")).to_have_attribute("aria-pressed", "true")
    expect(article(page, post).locator(".score")).to_have_text("1 point")
    article(page, post).get_by_role("button", name="Downvote").click()  # the form's other button, to its own address
    expect(article(page, post)).to_have_attribute("data-score", "-1")
    expect(article(page, post).get_by_role("button", name="Downvote")).to_have_attribute("aria-pressed", "true")
    expect(article(page, post).get_by_role("button", name="Upvote")).to_have_attribute("aria-pressed", "false")


def test_reply_is_a_button_that_space_and_enter_open_with_javascript_and_a_link_without(page, make, javascript, screen):
    thread = make.thread()
    first, second = make.post(thread, body="First answer"), make.post(thread, body="Second answer")
    log_in(page, make.user("reader").username)
    page.goto(f"/threads/{thread.id}")
    form = page.locator("#reply")
    expect(page.get_by_label("Reply", exact=True)).to_have_count(1)  # one form for the whole page
    if not javascript:
        expect(page.locator("a[role=button]")).to_have_count(0)  # nothing claims a role it cannot play
        article(page, first).get_by_role("link", name="Reply").click()
        assert page.url.endswith(f"/posts/{first.id}?reply=1#reply")
        expect(form).to_be_visible()
        form.get_by_label("Reply", exact=True).fill("Replying without a script")
        form.get_by_role("button", name="Post reply").click()
        expect(page.get_by_text("Replying without a script")).to_be_visible()
        assert f"/threads/{thread.id}#post-" in page.url
        return

    expect(form).to_be_hidden()
    first_reply = article(page, first).get_by_role("button", name="Reply")
    second_reply = article(page, second).get_by_role("button", name="Reply")
    expect(first_reply).to_have_attribute("aria-expanded", "false")
    first_reply.focus()
    page.keyboard.press("Space")
    expect(form).to_be_visible()
    expect(first_reply).to_have_attribute("aria-expanded", "true")
    expect(form.get_by_label("Reply", exact=True)).to_be_focused()
    assert page.evaluate(f"document.getElementById('post-{first.id}').nextElementSibling.id") == "reply"

    second_reply.focus()
    page.keyboard.press("Enter")
    expect(second_reply).to_have_attribute("aria-expanded", "true")
    expect(first_reply).to_have_attribute("aria-expanded", "false")
    assert page.evaluate(f"document.getElementById('post-{second.id}').nextElementSibling.id") == "reply"
    form.get_by_label("Reply", exact=True).fill("A reply to the second")
    form.get_by_role("button", name="Post reply").click()
    expect(page.locator(f"#replies-{second.id}")).to_contain_text("A reply to the second")
    expect(page.locator(f"#replies-{first.id}")).not_to_contain_text("A reply to the second")
    expect(form).to_be_hidden()
    expect(second_reply).to_have_attribute("aria-expanded", "false")
    second_reply.press("Space")  # it reopens, empty
    expect(form.get_by_label("Reply", exact=True)).to_have_value("")
    second_reply.press("Enter")  # and closes again
    expect(form).to_be_hidden()


def test_moderator_controls_are_one_menu_per_thread_and_per_post(page, make, javascript, screen):
    make.user("warden", role="moderator")
    thread = make.thread()
    post = make.post(thread, body="An answer to moderate")
    log_in(page, "warden")
    page.goto(f"/threads/{thread.id}")
    expect(page.get_by_label("Reason")).to_have_count(2)  # the thread's and the post's, each in its menu
    for reason in page.get_by_label("Reason").all():
        expect(reason).to_be_hidden()
    menu = page.locator("details.mod-thread")
    summary = menu.locator("> summary")
    expect(summary).to_have_text("Moderate")
    assert summary.bounding_box()["height"] < 40
    # On a phone the menu leaves the first screen to the thread: the answer box is on it.
    answer_box = page.get_by_label("Your answer").bounding_box()
    assert answer_box["y"] + answer_box["height"] < page.viewport_size["height"]

    summary.click()
    expect(menu.get_by_label("Reason")).to_be_visible()
    for name in ("Lock thread", "Hide thread", "Pin thread", "Require answers first", "Set slow mode"):
        expect(menu.get_by_role("button", name=name)).to_be_visible()
    article(page, post).get_by_text("Moderate", exact=True).click()
    expect(article(page, post).get_by_role("button", name="Remove")).to_be_visible()
    expect(article(page, post).get_by_role("link", name="Move to another question")).to_be_visible()

    menu.get_by_label("Reason").fill("Cooling off")
    menu.get_by_role("button", name="Pin thread").click()
    expect(page.get_by_text("The thread is pinned.")).to_be_visible()
    page.locator("details.mod-thread > summary").click()
    page.locator("details.mod-thread").get_by_role("button", name="Lock thread").click()
    expect(page.get_by_text("This thread is locked.", exact=True)).to_be_visible()
