"""Two members answer, reply three deep, vote, edit and delete, with JavaScript on and off."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.actions import delete_post, log_in, log_out


def post(page, text: str):
    return page.locator("article.post").filter(has_text=text)


def post_id(page, text: str) -> str:
    return post(page, text).get_attribute("data-post-id")


def replies(page, parent_text: str) -> list[str]:
    """The bodies of the direct replies under the post that says ``parent_text``."""
    items = page.locator(f"#replies-{post_id(page, parent_text)} > li > details > article .post-body")
    return [text.strip() for text in items.all_inner_texts()]


def answer(page, text: str) -> None:
    page.get_by_label("Your answer").fill(text)
    page.get_by_role("button", name="Post", exact=True).click()
    expect(post(page, text)).to_be_visible()


def reply(page, parent_text: str, text: str) -> None:
    parent = post(page, parent_text)
    # A button with JavaScript (it opens the page's one reply form under the post), a link to the permalink without.
    parent.get_by_role("button", name="Reply", exact=True).or_(parent.get_by_role("link", name="Reply", exact=True)).click()
    form = page.locator("#reply")
    form.get_by_label("Reply", exact=True).fill(text)
    form.get_by_role("button", name="Post reply").click()
    expect(post(page, text)).to_be_visible()


def vote(page, text: str, button: str, score: int) -> None:
    post(page, text).get_by_role("button", name=button).click()
    expect(post(page, text)).to_have_attribute("data-score", str(score))


def test_two_members_discuss_vote_edit_and_delete(page, make, javascript):
    alice, bob = make.user("alice"), make.user("bob")
    thread = make.thread()
    url = f"/threads/{thread.id}"

    log_in(page, alice.username)
    page.goto(url)
    answer(page, "Alice answers first")
    log_out(page)

    log_in(page, bob.username)
    page.goto(url)
    answer(page, "Bob answers too")
    reply(page, "Alice answers first", "Bob replies to Alice")
    assert replies(page, "Alice answers first") == ["Bob replies to Alice"]
    vote(page, "Alice answers first", "Upvote", 1)
    expect(post(page, "Alice answers first").get_by_role("button", name="Upvote")).to_have_attribute("aria-pressed", "true")
    log_out(page)

    log_in(page, alice.username)
    page.goto(url)
    reply(page, "Bob replies to Alice", "Alice replies to Bob")
    vote(page, "Bob answers too", "Downvote", -1)
    vote(page, "Bob replies to Alice", "Upvote", 1)
    vote(page, "Bob replies to Alice", "Downvote", -1)
    log_out(page)

    log_in(page, bob.username)
    page.goto(url)
    reply(page, "Alice replies to Bob", "Bob goes three deep")
    assert replies(page, "Bob replies to Alice") == ["Alice replies to Bob"]
    assert replies(page, "Alice replies to Bob") == ["Bob goes three deep"]
    vote(page, "Alice answers first", "Upvote", 0)
    expect(post(page, "Alice answers first").get_by_role("button", name="Upvote")).to_have_attribute("aria-pressed", "false")
    vote(page, "Alice replies to Bob", "Downvote", -1)
    expect(post(page, "Bob answers too")).to_have_attribute("data-score", "-1")
    log_out(page)

    log_in(page, alice.username)
    page.goto(url)
    post(page, "Alice answers first").get_by_role("link", name="Edit").click()
    page.get_by_label("Edit your post").fill("Alice answers, on second thought")
    page.get_by_role("button", name="Save changes").click()
    edited = post(page, "Alice answers, on second thought")
    expect(edited).to_be_visible()
    expect(edited.locator(".edited")).to_have_text("edited")
    expect(edited).to_have_attribute("data-score", "0")
    page.goto(url)  # the edit was saved, not only shown: the old words are gone for good
    expect(post(page, "Alice answers, on second thought")).to_be_visible()
    expect(post(page, "Alice answers first")).to_have_count(0)
    edited = post(page, "Alice answers, on second thought")

    alice_id = edited.get_attribute("data-post-id")
    delete_post(page, edited, javascript)
    page.goto(url)
    expect(page.locator(f"#post-{alice_id}")).to_have_text("[deleted]")
    assert replies(page, "Bob replies to Alice") == ["Alice replies to Bob"]
    assert page.locator(f"#replies-{alice_id} > li > details > article .post-body").all_inner_texts() == ["Bob replies to Alice"]

    own = post(page, "Alice replies to Bob")
    expect(own).to_have_attribute("data-score", "-1")
    log_out(page)

    log_in(page, bob.username)
    page.goto(url)
    delete_post(page, post(page, "Bob goes three deep"), javascript)
    page.goto(url)
    expect(post(page, "Bob goes three deep")).to_have_count(0)
    expect(post(page, "Bob answers too")).to_have_attribute("data-score", "-1")
    expect(post(page, "Bob replies to Alice")).to_have_attribute("data-score", "-1")


def test_votes_replies_and_answers_stay_in_place_with_javascript_and_return_to_the_post_without(
        page, make, javascript):
    thread = make.thread()
    make.post(thread, body="Somebody else's answer")
    log_in(page, make.user("carol").username)
    page.goto(f"/threads/{thread.id}")
    start, theirs = page.url, post_id(page, "Somebody else's answer")

    vote(page, "Somebody else's answer", "Upvote", 1)
    assert page.url == (start if javascript else f"{start}#post-{theirs}")
    reply(page, "Somebody else's answer", "In place")
    assert page.url == (start if javascript else f"{start}#post-{post_id(page, 'In place')}")
    answer(page, "Also in place")
    assert page.url == (start if javascript else f"{start}#post-{post_id(page, 'Also in place')}")
    expect(page.get_by_label("Your answer")).to_have_value("")
    page.goto(f"/threads/{thread.id}")
    assert replies(page, "Somebody else's answer") == ["In place"]
    expect(post(page, "Also in place")).to_be_visible()
    expect(post(page, "Somebody else's answer")).to_have_attribute("data-score", "1")


def test_an_answer_sent_too_soon_says_how_long_to_wait(page, app, make):
    """Settings: FORUM_NEW_ACCOUNT_POST_INTERVAL_SECONDS=30 (alice's account is new)."""
    app.config["NEW_ACCOUNT_POST_INTERVAL_SECONDS"] = 30
    make.user("alice")
    thread = make.thread()
    log_in(page, "alice")
    page.goto(f"/threads/{thread.id}")
    answer(page, "My first answer.")
    page.get_by_label("Your answer").fill("A second answer, too soon.")
    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.locator("#body-error")).to_contain_text("seconds")
    expect(page.get_by_label("Your answer")).to_have_value("A second answer, too soon.")
    # The browser logs the 429 it was answered (as it would any 4xx page): that one is expected.
    page.errors[:] = [error for error in page.errors if "status of 429" not in error]
