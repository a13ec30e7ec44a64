"""Moderators feature answers for their question's best answers, through the page's "Feature" / "Unfeature"."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.errors import NotAllowed
from forum.extensions import db
from forum.models import ModerationAction, Post, Thread
from forum.services import digest, moderation, moves, notifications, threads


@pytest.fixture
def answer(make, thread):
    return make.post(thread, author=make.user("alice"), body="Bike lanes calm the traffic.")


def test_a_moderator_features_an_answer_and_the_log_says_so(client, auth, moderator, answer):
    auth.login(moderator)
    page = client.get(f"/threads/{answer.thread_id}").get_data(as_text=True)
    assert f'action="/posts/{answer.id}/feature"' in page and ">Featured</span>" not in page
    response = client.post(f"/posts/{answer.id}/feature", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "The answer is featured in the best answers." in page
    assert ">Featured</span>" in page and f'action="/posts/{answer.id}/unfeature"' in page
    assert answer.featured_at is not None
    log = client.get("/mod/log").get_data(as_text=True)
    assert "Featured answer" in log and f"post #{answer.id} by alice" in log


def test_unfeature_takes_the_pick_back_and_is_logged(client, auth, moderator, answer):
    digest.feature_post(moderator, answer)
    auth.login(moderator)
    response = client.post(f"/posts/{answer.id}/unfeature", follow_redirects=True)
    assert "The answer is no longer featured." in response.get_data(as_text=True)
    assert answer.featured_at is None
    assert [entry.action for entry in db.session.query(ModerationAction).order_by(ModerationAction.id)] == [
        "feature-post", "unfeature-post"]


def test_the_author_hears_that_their_answer_was_featured(moderator, answer):
    digest.feature_post(moderator, answer)
    [note] = notifications.list_notifications(answer.author, page=1, per_page=10).items
    assert "A moderator featured your answer in" in note.message


def test_featuring_twice_says_it_is_already_featured(client, auth, moderator, answer):
    digest.feature_post(moderator, answer)
    auth.login(moderator)
    response = client.post(f"/posts/{answer.id}/feature", follow_redirects=True)
    assert "This answer is already featured." in response.get_data(as_text=True)


def test_replies_cannot_be_featured(client, auth, make, moderator, answer):
    reply = make.post(answer.thread, parent=answer, body="Agreed.")
    auth.login(moderator)
    page = client.get(f"/threads/{answer.thread_id}").get_data(as_text=True)
    assert f'action="/posts/{reply.id}/feature"' not in page
    assert client.post(f"/posts/{reply.id}/feature").status_code == 403
    assert reply.featured_at is None


def test_answers_in_a_members_thread_cannot_be_featured(client, auth, make, moderator, thread):
    started = threads.start_thread(make.user("bob"), thread.article, title="Trams instead?", body="Rails last.")
    [opening] = started_posts(started)
    auth.login(moderator)
    assert client.post(f"/posts/{opening.id}/feature").status_code == 403


def test_a_removed_pick_stays_picked_and_comes_back_with_a_restore(moderator, answer):
    digest.feature_post(moderator, answer)
    moderation.remove_post(moderator, answer, reason="Off topic")
    assert answer.featured_at is not None  # kept; the digest reads visible answers only
    moderation.restore_post(moderator, answer)
    assert answer.featured_at is not None


def test_removed_answers_cannot_be_featured(moderator, answer):
    moderation.remove_post(moderator, answer, reason="Off topic")
    with pytest.raises(NotAllowed):
        digest.feature_post(moderator, answer)
    assert answer.featured_at is None


def test_a_moved_answer_keeps_its_pick(moderator, answer):
    digest.feature_post(moderator, answer)
    other = db.session.scalars(select(Thread).where(Thread.article_id == answer.thread.article_id,
                                                    Thread.id != answer.thread_id)).first()
    moves.move_post(moderator, answer, target=other)
    assert answer.thread_id == other.id and answer.featured_at is not None


def started_posts(thread):
    return list(db.session.scalars(select(Post).where(Post.thread_id == thread.id)))
