"""Moving a post and merging threads through the pages: who may, what readers see after, each refusal."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Follow, ModerationAction, Notification, Post, Thread
from forum.services import threads
from tests.factories import Factory
from tests.http.test_moderation_access import snapshot

ROLES = ["visitor", "member", "author", "moderator", "admin"]


@pytest.fixture
def world(make, member, moderator, admin) -> SimpleNamespace:
    article = make.article("Bike lanes", questions=["Would you ride to work?", "Who should pay?"])
    source, target = db.session.scalars(select(Thread).where(Thread.article_id == article.id).order_by(Thread.id))
    author = make.user("author")
    answer = make.post(source, author=author, body="Drivers should pay for the lanes.")
    reply = make.post(source, parent=answer, author=member, body="They already do.")
    own = threads.start_thread(author, article, title="Who pays for lanes?", body="Asking again.")
    return SimpleNamespace(article=article, source=source, target=target, author=author, answer=answer,
                           reply=reply, own=own, member=member, moderator=moderator, admin=admin)


def log_in(client, auth, world, role: str) -> None:
    if role != "visitor":
        auth.login(getattr(world, role))


def move(client, post: Post, thread: Thread, reason: str = "Wrong question"):
    return client.post(f"/posts/{post.id}/move", data={"move-thread_id": str(thread.id), "move-reason": reason})


def merge(client, thread: Thread, target: Thread, reason: str = "Same question"):
    return client.post(f"/threads/{thread.id}/merge",
                       data={"merge-thread_id": str(target.id), "merge-reason": reason})


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


# Who may


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["move", "merge"])
def test_only_moderators_and_admins_move_and_merge(role, action, world, client, auth):
    log_in(client, auth, world, role)
    url = f"/posts/{world.answer.id}/move" if action == "move" else f"/threads/{world.own.id}/merge"
    before = snapshot()
    shown = client.get(url)
    done = move(client, world.answer, world.target) if action == "move" else merge(client, world.own, world.target)
    if role in ("moderator", "admin"):
        assert shown.status_code == 200
        assert done.status_code == 302
        assert snapshot() != before
    else:
        expected = 302 if role == "visitor" else 403
        assert (shown.status_code, done.status_code) == (expected, expected)
        assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_see_the_move_and_merge_links(role, world, client, auth):
    log_in(client, auth, world, role)
    thread_page = page(client, f"/threads/{world.own.id}")
    answer_page = page(client, f"/threads/{world.source.id}")
    shown = role in ("moderator", "admin")
    assert ("Move to another question" in answer_page) == shown
    assert ("Merge into…" in thread_page) == shown
    assert "Merge into…" not in answer_page  # a question thread stays with its question


def test_moving_needs_the_csrf_token(csrf_app, world):
    client = csrf_app.test_client()
    client.post("/login", data={"identifier": "moderator", "password": Factory.PASSWORD})
    before = snapshot()
    assert move(client, world.answer, world.target).status_code == 400
    assert merge(client, world.own, world.target).status_code == 400
    assert snapshot() == before


# A move, as readers see it


def test_the_move_page_lists_the_other_threads_with_a_reason_and_a_move_button(world, client, auth):
    auth.login(world.moderator)
    html = page(client, f"/posts/{world.answer.id}/move")
    assert '<label for="move-thread_id">Move to</label>' in html
    assert f'<option value="{world.target.id}">Who should pay?</option>' in html
    assert f'<option value="{world.own.id}">Who pays for lanes?</option>' in html
    assert f'<option value="{world.source.id}"' not in html
    assert '<label for="move-reason">Reason</label>' in html
    assert '<button type="submit">Move</button>' in html


def test_a_moved_answer_leaves_its_thread_and_keeps_its_permalink(world, client, auth):
    auth.login(world.moderator)
    response = move(client, world.answer, world.target)
    assert response.headers["Location"].endswith(f"/threads/{world.target.id}#post-{world.answer.id}")
    assert "The post is moved to “Who should pay?”." in page(client, response.headers["Location"])
    auth.logout()
    old, new = page(client, f"/threads/{world.source.id}"), page(client, f"/threads/{world.target.id}")
    for post in (world.answer, world.reply):
        assert f'id="post-{post.id}"' not in old
        assert f'id="post-{post.id}"' in new
    permalink = page(client, f"/posts/{world.answer.id}")
    assert "Drivers should pay for the lanes." in permalink and "Who should pay?" in permalink


def test_counts_and_you_answered_follow_a_move_on_the_article_page(world, client, auth):
    auth.login(world.moderator)
    move(client, world.answer, world.target)
    db.session.expire_all()
    assert (world.source.post_count, world.target.post_count) == (0, 2)
    auth.login(world.author)
    html = page(client, f"/articles/{world.article.slug}")
    rows = html.split('class="question-row')
    assert "You answered" in next(row for row in rows if "Who should pay?" in row)
    assert "You answered" not in next(row for row in rows if "Would you ride to work?" in row)


def test_a_moved_reply_is_an_answer_in_the_target(world, client, auth):
    auth.login(world.moderator)
    move(client, world.reply, world.target)
    db.session.expire_all()
    assert (world.reply.thread_id, world.reply.parent_id, world.reply.depth) == (world.target.id, None, 0)
    assert (world.source.post_count, world.target.post_count, world.answer.reply_count) == (1, 1, 0)
    auth.login(world.member)
    rows = page(client, f"/articles/{world.article.slug}").split('class="question-row')
    assert "You answered" in next(row for row in rows if "Who should pay?" in row)


def test_the_public_log_says_what_moved_where_and_why(world, client, auth):
    auth.login(world.moderator)
    move(client, world.answer, world.target, reason="It answers the second question")
    auth.logout()
    html = page(client, "/mod/log")
    assert "Moved an answer" in html
    assert "from “Would you ride to work?” to “Who should pay?”" in html
    assert "It answers the second question" in html


def test_the_author_hears_of_the_move_once(world, client, auth):
    auth.login(world.moderator)
    move(client, world.answer, world.target, reason="Wrong question")
    auth.login(world.author)
    html = page(client, "/notifications")
    assert html.count("A moderator moved your post") == 1
    assert "from “Would you ride to work?” to “Who should pay?”: Wrong question" in html


# Refusals: the page again, the reason beside the list, nothing changed


@pytest.mark.parametrize("state, message", [
    ({"locked": True}, "“Who should pay?” is locked; unlock it first or choose another thread."),
    ({"hidden": True}, "“Who should pay?” is hidden; unhide it first or choose another thread."),
])
def test_a_move_into_a_locked_or_hidden_thread_is_refused_beside_the_list(state, message, world, client, auth):
    for name, value in state.items():
        setattr(world.target, name, value)
    db.session.commit()
    auth.login(world.moderator)
    before = snapshot()
    response = move(client, world.answer, world.target)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert f'<p class="field-error" id="move-thread_id-error">{message}</p>' in html
    assert 'value="Wrong question"' in html  # the typed reason stays
    assert snapshot() == before


def test_a_move_under_a_closed_article_is_refused(world, client, auth):
    world.article.discussion_open = False
    db.session.commit()
    auth.login(world.moderator)
    before = snapshot()
    response = move(client, world.answer, world.target)
    assert response.status_code == 409
    assert "Discussion on this article is closed." in response.get_data(as_text=True)
    assert snapshot() == before


@pytest.mark.parametrize("value, message", [
    ("", "Choose the thread to move it to."),
    ("ten", "Choose one of the threads listed."),
    ("99999", "Choose one of the threads listed."),
    ("99999999999999999999", "Choose one of the threads listed."),
])
def test_a_move_to_no_thread_is_refused_beside_the_list(value, message, world, client, auth):
    auth.login(world.moderator)
    before = snapshot()
    response = client.post(f"/posts/{world.answer.id}/move", data={"move-thread_id": value})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert snapshot() == before


def test_a_move_to_another_article_is_refused(world, client, auth, make):
    elsewhere = make.thread(make.article("Another story"))
    auth.login(world.moderator)
    before = snapshot()
    response = move(client, world.answer, elsewhere)
    assert response.status_code == 409
    assert "Posts move only between threads of the same article." in response.get_data(as_text=True)
    assert snapshot() == before


# Merging


def test_a_merged_thread_redirects_to_the_target_which_shows_its_posts(world, client, auth):
    opening = db.session.scalars(select(Post).where(Post.thread_id == world.own.id)).one()
    auth.login(world.moderator)
    response = merge(client, world.own, world.target)
    assert response.headers["Location"].endswith(f"/threads/{world.target.id}")
    auth.logout()
    redirected = client.get(f"/threads/{world.own.id}?sort=new&page=3")
    assert redirected.status_code == 301
    assert redirected.headers["Location"].endswith(f"/threads/{world.target.id}?sort=new")
    assert f'id="post-{opening.id}"' in page(client, f"/threads/{world.target.id}")
    hub = page(client, f"/articles/{world.article.slug}")
    assert "Who pays for lanes?" not in hub
    db.session.expire_all()
    assert (world.own.post_count, world.target.post_count) == (0, 1)


def test_a_merge_is_logged_and_the_thread_author_told_once(world, client, auth):
    auth.login(world.moderator)
    merge(client, world.own, world.target, reason="Asked already")
    assert "This thread was merged already" in page(client, f"/threads/{world.own.id}/merge")
    entry = db.session.scalars(select(ModerationAction)).one()
    assert (entry.action, entry.target_label, entry.reason) == (
        "merge-thread", "thread “Who pays for lanes?” into “Who should pay?”", "Asked already")
    told = db.session.scalars(select(Notification).where(Notification.kind == "moderation")).all()
    assert [n.recipient_id for n in told] == [world.author.id]
    auth.logout()
    assert "Merged thread" in page(client, "/mod/log")


def test_a_question_thread_cannot_be_merged(world, client, auth):
    auth.login(world.moderator)
    assert "a question thread stays with its question" in page(client, f"/threads/{world.source.id}/merge")
    before = snapshot()
    response = merge(client, world.source, world.target)
    assert response.status_code == 409
    assert "member-started" in response.get_data(as_text=True)
    assert snapshot() == before


def test_a_merge_into_a_locked_thread_is_refused(world, client, auth):
    world.target.locked = True
    db.session.commit()
    auth.login(world.moderator)
    before = snapshot()
    response = merge(client, world.own, world.target)
    assert response.status_code == 409
    assert "is locked; unlock it first" in response.get_data(as_text=True)
    assert snapshot() == before


def test_answering_or_following_at_a_merged_address_happens_in_the_target(world, client, auth):
    auth.login(world.moderator)
    merge(client, world.own, world.target)
    auth.login(world.member)
    answered = client.post(f"/threads/{world.own.id}/posts", data={"body": "Late to the old thread."})
    assert f"/threads/{world.target.id}" in answered.headers["Location"]
    assert client.post(f"/threads/{world.own.id}/follow").status_code == 302
    db.session.expire_all()
    post = db.session.scalars(select(Post).where(Post.body == "Late to the old thread.")).one()
    assert post.thread_id == world.target.id
    assert (world.own.post_count, world.target.post_count) == (0, 2)
    followed = db.session.scalars(select(Follow.thread_id).where(Follow.user_id == world.member.id)).all()
    assert world.own.id not in followed and world.target.id in followed


def test_a_merged_threads_feed_leads_to_the_targets_feed(world, client, auth):
    auth.login(world.moderator)
    merge(client, world.own, world.target)
    auth.logout()
    response = client.get(f"/feeds/threads/{world.own.id}.atom")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/feeds/threads/{world.target.id}.atom")
    assert "Asking again." in client.get(response.headers["Location"]).get_data(as_text=True)
