"""Answer first: members see a thread's answers once they have posted their own, and nothing leaks before.

Settings: the testing defaults (no rate limits on posts; pre-moderation off unless a test turns it on).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import ModerationAction, PostState, Thread
from forum.services import follows, moderation, moves, posts
from tests.http.api_client import ApiClient

SECRET = "Zephyrine"  # a word only the hidden answer holds


@pytest.fixture
def scene(make, member, moderator) -> SimpleNamespace:
    article = make.article("Harbours", questions=["Would you keep a lighthouse?", "Who pays for it?"])
    thread, other = db.session.scalars(select(Thread).where(Thread.article_id == article.id).order_by(Thread.id))
    author = make.user("author")
    answer = make.post(thread, author=author, body=f"{SECRET} keeps the lamp lit.")
    reply = make.post(thread, parent=answer, author=make.user("replier"), body=f"{SECRET} agrees wholeheartedly.")
    moderation.require_answers_first(moderator, thread)
    return SimpleNamespace(article=article, thread=thread, other=other, author=author, answer=answer,
                           reply=reply, member=member, moderator=moderator)


def text_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def test_a_moderator_requires_answers_first_and_shows_them_to_all_again_both_logged(client, auth, make, moderator):
    article = make.article("Bridges", questions=["Toll or free?"])
    thread = db.session.scalar(select(Thread).where(Thread.article_id == article.id))
    auth.login(moderator)
    assert "Require answers first" in text_of(client, f"/threads/{thread.id}")
    client.post(f"/threads/{thread.id}/answer-first", data={"thread-reason": "Think first"})
    assert db.session.get(Thread, thread.id).answer_first
    assert "Show answers to all" in text_of(client, f"/threads/{thread.id}")
    client.post(f"/threads/{thread.id}/answers-to-all", data={"thread-reason": ""})
    assert not db.session.get(Thread, thread.id).answer_first
    logged = db.session.scalars(select(ModerationAction.action).where(ModerationAction.target_id == thread.id)).all()
    assert logged == ["answer-first-on", "answer-first-off"]
    assert "Required answers first" in text_of(client, "/mod/log")


def test_members_cannot_switch_answer_first(client, auth, scene):
    auth.login(scene.member)
    response = client.post(f"/threads/{scene.thread.id}/answers-to-all", data={"thread-reason": ""})
    assert response.status_code == 403
    assert db.session.get(Thread, scene.thread.id).answer_first


def test_a_member_without_an_answer_sees_the_question_the_form_and_the_count_but_no_answer(client, auth, scene):
    auth.login(scene.member)
    page = text_of(client, f"/threads/{scene.thread.id}")
    assert scene.thread.title in page
    assert "Answers are hidden until you post yours." in page
    assert "1 answer" in page
    assert 'name="body"' in page  # the answer form
    assert SECRET not in page
    assert "author" not in page.split('id="answers"')[1]


def test_a_visitor_sees_the_same_with_a_link_to_log_in(client, scene):
    page = text_of(client, f"/threads/{scene.thread.id}")
    assert "Answers are hidden until you post yours." in page
    assert "/login?next=" in page
    assert SECRET not in page


def test_once_the_member_answers_everything_shows(client, auth, scene):
    auth.login(scene.member)
    response = client.post(f"/threads/{scene.thread.id}/posts", data={"body": "I would, gladly."})
    assert response.status_code == 302
    page = text_of(client, f"/threads/{scene.thread.id}")
    assert SECRET in page and "Answers are hidden" not in page


def test_with_htmx_the_answer_reloads_the_page_so_the_answers_come_with_it(client, auth, scene):
    auth.login(scene.member)
    response = client.post(f"/threads/{scene.thread.id}/posts", data={"body": "I would."}, headers={"HX-Request": "true"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["HX-Refresh"] == "true"
    assert SECRET not in response.get_data(as_text=True)


def test_an_answer_awaiting_approval_counts_but_a_reply_does_not(client, auth, scene, make):
    auth.login(scene.member)
    make.post(scene.thread, parent=scene.answer, author=scene.member, body="A reply only.")
    assert SECRET not in text_of(client, f"/threads/{scene.thread.id}")
    waiting = make.post(scene.thread, author=scene.member, body="Waiting for a moderator.")
    waiting.state = PostState.PENDING
    db.session.commit()
    assert SECRET in text_of(client, f"/threads/{scene.thread.id}")


def test_a_moved_answer_counts_where_it_now_is(client, auth, scene, make):
    own = make.post(scene.other, author=scene.member, body="Meant for the lighthouse.")
    auth.login(scene.member)
    assert SECRET not in text_of(client, f"/threads/{scene.thread.id}")
    moves.move_post(scene.moderator, own, target=scene.thread)
    assert SECRET in text_of(client, f"/threads/{scene.thread.id}")


def test_moderators_see_everything(client, auth, scene):
    auth.login(scene.moderator)
    page = text_of(client, f"/threads/{scene.thread.id}")
    assert SECRET in page and "Answers are hidden" not in page


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_permalinks_and_continue_this_thread_show_no_hidden_answer(who, client, auth, scene):
    if who == "member":
        auth.login(scene.member)
    for post in (scene.answer, scene.reply):
        page = text_of(client, f"/posts/{post.id}")
        assert "Answers are hidden until you post yours." in page
        assert SECRET not in page


def test_a_vote_cannot_reach_a_hidden_answer(client, auth, scene):
    auth.login(scene.member)
    response = client.post(f"/posts/{scene.answer.id}/upvote", headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert SECRET not in response.get_data(as_text=True)
    assert db.session.get(type(scene.answer), scene.answer.id).score == 0


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_profiles_feeds_search_and_the_embed_leave_hidden_answers_out(who, client, auth, scene):
    if who == "member":
        auth.login(scene.member)
    for url in (f"/u/{scene.author.username}", f"/feeds/u/{scene.author.username}.atom",
                f"/feeds/threads/{scene.thread.id}.atom", f"/feeds/articles/{scene.article.slug}.atom", f"/search?q={SECRET}", f"/embed/articles/{scene.article.slug}"):
        page = text_of(client, url)
        assert "lamp lit" not in page and "wholeheartedly" not in page, url


def test_the_author_still_finds_their_own_answer_on_their_profile_and_in_search(client, auth, scene):
    auth.login(scene.author)
    assert SECRET in text_of(client, f"/u/{scene.author.username}")
    assert "lamp lit" in text_of(client, f"/search?q={SECRET}")


def test_notifications_of_a_hidden_answer_carry_no_text(client, auth, scene, make):
    posts.create_post(scene.member, scene.other, body="Following along.")  # a member who follows threads they post in
    follows.follow_thread(scene.member, scene.thread)
    make.post(scene.thread, author=make.user("third"), body=f"{SECRET} again.")
    auth.login(scene.member)
    assert SECRET not in text_of(client, "/notifications")


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_the_api_says_answers_are_hidden_and_sends_none(who, client, scene):
    api = ApiClient(client) if who == "visitor" else ApiClient(client).login("member")
    thread = api.get(f"/threads/{scene.thread.id}").json
    assert thread["answers_hidden"] is True and thread["answer_count"] == 1 and thread["posts"] == []
    assert thread["answer_first"] is True
    response = api.get(f"/posts/{scene.answer.id}")
    assert response.status_code == 403
    assert SECRET not in response.get_data(as_text=True)
    assert "lamp lit" not in api.get(f"/search?q={SECRET}").get_data(as_text=True)


def test_the_api_switches_answer_first_for_moderators(client, scene):
    api = ApiClient(client).login("moderator")
    response = api.post(f"/threads/{scene.thread.id}/answers-to-all", {"reason": ""})
    assert response.status_code == 200 and response.json["answer_first"] is False
    assert ApiClient(client).get(f"/threads/{scene.thread.id}").json["answers_hidden"] is False


def test_the_article_default_on_the_preview_edit_page_and_api_sets_its_threads(client, auth, moderator, make):
    auth.login(moderator)
    preview = client.post("/articles/import", data={"text": "# Tides\n\nThe sea.\n\nWhat would you keep?"})
    assert "Members answer before they see others&#39; answers" in preview.get_data(as_text=True)
    client.post("/articles/publish", data={"title": "Tides", "body": "The sea.", "questions": "What would you keep?",
                                           "answer_first": "y"})
    thread = db.session.scalar(select(Thread).where(Thread.title == "What would you keep?"))
    assert thread.answer_first and thread.article.answer_first
    slug = thread.article.slug
    edit_page = text_of(client, f"/articles/{slug}/edit")
    assert 'checked id="answer_first"' in edit_page, edit_page[edit_page.index("answer_first") - 200:][:400]
    client.post(f"/articles/{slug}/edit", data={"title": "Tides", "body": "The sea.", "questions": "What would you keep?"})
    assert not db.session.get(Thread, thread.id).answer_first
    api = ApiClient(client).login("moderator")
    response = api.patch(f"/articles/{slug}", {"answer_first": True})
    assert response.status_code == 200 and response.json["answer_first"] is True
    assert db.session.get(Thread, thread.id).answer_first


def test_forum_import_answer_first_publishes_with_the_default_on(runner, moderator):
    result = runner.invoke(args=["import", "tests/fixtures/article-seed-shape.txt", "--publish", "--by", "moderator",
                                 "--answer-first"])
    assert result.exit_code == 0, result.output
    threads = db.session.scalars(select(Thread)).all()
    assert len(threads) == 3 and all(thread.answer_first for thread in threads)
