"""A moderator moves an answer and a reply to the right question, and merges a duplicate thread."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import Thread
from forum.services import threads
from tests.browser.actions import log_in


@pytest.fixture
def scene(make):
    make.user("warden", role="moderator")
    author, replier = make.user("author"), make.user("replier")
    article = make.article("Riverton bike lanes", questions=["Would you ride to work?", "Who should pay?"])
    source, target = db.session.scalars(select(Thread).where(Thread.article_id == article.id).order_by(Thread.id))
    answer = make.post(source, author=author, body="Drivers should pay for the lanes.")
    reply = make.post(source, parent=answer, author=replier, body="Parking fees could cover it.")
    duplicate = threads.start_thread(replier, article, title="Who pays for the lanes?", body="Asking here too.")
    return {"article": article, "source": source, "target": target, "answer": answer, "reply": reply,
            "duplicate": duplicate}


def open_move_page(page, thread_id: int, post_id: int) -> None:
    page.goto(f"/threads/{thread_id}")
    page.locator(f"#post-{post_id}").get_by_text("Moderate", exact=True).click()
    page.locator(f"#post-{post_id}").get_by_role("link", name="Move to another question").click()
    expect(page.get_by_role("heading", name="Move to another question")).to_be_visible()


def serious_violations(page) -> list[str]:
    found = Axe().run(page.page).response["violations"]
    return [v["id"] for v in found if v["impact"] in ("serious", "critical")]


def test_a_moderator_moves_an_answer_with_its_reply_to_the_right_question(page, scene, javascript):
    answer, reply, source, target = scene["answer"], scene["reply"], scene["source"], scene["target"]
    log_in(page, "warden")
    open_move_page(page, source.id, answer.id)
    if javascript:
        assert serious_violations(page) == []
    page.get_by_label("Move to").select_option(label="Who should pay?")
    page.get_by_label("Reason").fill("It answers the second question")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_text("The post is moved to “Who should pay?”.")).to_be_visible()
    assert f"/threads/{target.id}" in page.url
    expect(page.locator(f"#post-{answer.id}")).to_contain_text("Drivers should pay for the lanes.")
    expect(page.locator(f"#replies-{answer.id} #post-{reply.id}")).to_be_visible()

    page.goto(f"/threads/{source.id}")
    expect(page.locator(f"#post-{answer.id}")).to_have_count(0)
    page.goto(f"/articles/{scene['article'].slug}")
    rows = page.locator("li.question-row")
    expect(rows.filter(has_text="Would you ride to work?")).to_contain_text("0 answers")
    expect(rows.filter(has_text="Who should pay?")).to_contain_text("1 answer")
    page.goto("/mod/log")
    expect(page.locator("table.mod-log tbody tr").first).to_contain_text(
        "Moved an answer")
    expect(page.locator("table.mod-log tbody tr").first).to_contain_text(
        "from “Would you ride to work?” to “Who should pay?”")


def test_a_moved_reply_becomes_an_answer_of_its_own(page, scene):
    reply, source, target = scene["reply"], scene["source"], scene["target"]
    log_in(page, "warden")
    open_move_page(page, source.id, reply.id)
    expect(page.get_by_text("It becomes an answer of its own there.")).to_be_visible()
    page.get_by_label("Move to").select_option(label="Who should pay?")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.locator(f"#post-{reply.id}")).to_contain_text("Parking fees could cover it.")
    expect(page.locator(f"ol.replies #post-{reply.id}")).to_have_count(0)
    page.goto(f"/threads/{source.id}")
    expect(page.locator(f"#post-{reply.id}")).to_have_count(0)
    expect(page.locator(f"#post-{scene['answer'].id}")).to_be_visible()


@pytest.mark.parametrize("change, refusal", [
    ("locked", "“Who should pay?” is locked; unlock it first or choose another thread."),
    ("hidden", "“Who should pay?” is hidden; unhide it first or choose another thread."),
])
def test_a_move_into_a_thread_locked_or_hidden_meanwhile_is_refused_beside_the_list(page, scene, change, refusal):
    source, target = scene["source"], scene["target"]
    log_in(page, "warden")
    open_move_page(page, source.id, scene["answer"].id)
    page.get_by_label("Move to").select_option(label="Who should pay?")
    page.get_by_label("Reason").fill("Wrong question")
    setattr(target, change, True)  # another moderator's doing, while this page is open
    db.session.commit()
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.locator("#move-thread_id-error")).to_have_text(refusal)
    expect(page.get_by_label("Reason")).to_have_value("Wrong question")
    # The refusal is a 409, as the standards ask of refused input; Chromium logs every 4xx page it loads.
    assert page.errors == ["Failed to load resource: the server responded with a status of 409 (CONFLICT)"]
    page.errors.clear()
    page.goto(f"/threads/{source.id}")
    expect(page.locator(f"#post-{scene['answer'].id}")).to_be_visible()


def test_a_moderator_merges_a_duplicate_thread_and_its_address_leads_to_the_target(page, scene):
    duplicate, target = scene["duplicate"], scene["target"]
    log_in(page, "warden")
    page.goto(f"/threads/{duplicate.id}")
    page.locator("details.mod-thread").get_by_text("Moderate", exact=True).click()
    page.get_by_role("link", name="Merge into…").click()
    page.get_by_label("Merge into").select_option(label="Who should pay?")
    page.get_by_label("Reason").fill("Asked already")
    page.get_by_role("button", name="Merge", exact=True).click()
    expect(page.get_by_text("“Who pays for the lanes?” is merged into “Who should pay?”.")).to_be_visible()
    expect(page.get_by_text("Asking here too.")).to_be_visible()
    page.goto(f"/threads/{duplicate.id}")
    assert page.url.endswith(f"/threads/{target.id}")
    page.goto(f"/articles/{scene['article'].slug}")
    expect(page.get_by_role("link", name="Who pays for the lanes?")).to_have_count(0)


def test_a_move_after_the_discussion_closed_meanwhile_is_refused(page, scene):
    log_in(page, "warden")
    open_move_page(page, scene["source"].id, scene["answer"].id)
    page.get_by_label("Move to").select_option(label="Who should pay?")
    scene["article"].discussion_open = False
    db.session.commit()
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_text("Discussion on this article is closed. Reopen it to move posts.")).to_be_visible()
    assert page.errors == ["Failed to load resource: the server responded with a status of 409 (CONFLICT)"]
    page.errors.clear()
    page.goto(f"/threads/{scene['source'].id}")
    expect(page.locator(f"#post-{scene['answer'].id}")).to_be_visible()


def test_a_merge_into_a_thread_locked_meanwhile_is_refused(page, scene):
    duplicate, target = scene["duplicate"], scene["target"]
    log_in(page, "warden")
    page.goto(f"/threads/{duplicate.id}/merge")
    page.get_by_label("Merge into").select_option(label="Who should pay?")
    target.locked = True
    db.session.commit()
    page.get_by_role("button", name="Merge", exact=True).click()
    expect(page.locator("#merge-thread_id-error")).to_have_text(
        "“Who should pay?” is locked; unlock it first or choose another thread.")
    assert page.errors == ["Failed to load resource: the server responded with a status of 409 (CONFLICT)"]
    page.errors.clear()
    page.goto(f"/threads/{duplicate.id}")
    assert page.url.endswith(f"/threads/{duplicate.id}")
    expect(page.get_by_text("Asking here too.")).to_be_visible()
