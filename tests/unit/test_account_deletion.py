"""Deleting one's account, on the service: what goes, what stays as "[deleted]", and counters kept exact."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forum.errors import Conflict, Invalid
from forum.extensions import db
from forum.models import (
    ApiToken, Follow, IdempotentRequest, ModerationAction, Notification, Post, PostRevision, PostState, Thread, User,
    Vote,
)
from forum.services import account_deletion, auth, follows, posts, tokens, users, votes
from tests.factories import Factory


def fresh(obj):
    db.session.refresh(obj)
    return obj


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def scene(make):
    """Gone (who will delete their account) answered Stay, replied to, voted, followed and holds a token."""
    thread = make.thread()
    gone, stay = make.user("gone"), make.user("stay")
    answer = make.post(thread, author=stay, body="Stay's answer.")
    reply = make.post(thread, author=gone, parent=answer, body="Gone's reply, @stay.")
    own = make.post(thread, author=gone, body="Gone's own answer.")
    posts.edit_post(gone, own, body="Gone's own answer, edited.")
    votes.cast_vote(gone, answer, value=1)
    votes.cast_vote(stay, own, value=-1)
    tokens.issue_token(gone, name="script")
    follows.follow_thread(gone, thread)
    make.post(thread, author=stay, parent=reply, body="Stay replies to Gone.")
    return thread, gone, stay, answer, reply, own


def test_kept_posts_stay_by_nobody_and_everything_else_of_the_account_goes(scene):
    thread, gone, stay, answer, reply, own = scene
    generation = gone.session_generation
    account_deletion.delete_account(gone, password=Factory.PASSWORD, posts="keep")
    assert fresh(reply).author_id is None and reply.state == PostState.VISIBLE and reply.body.startswith("Gone's")
    assert fresh(own).author_id is None
    assert (fresh(answer).score, answer.upvotes, fresh(stay).karma) == (0, 0, 0)
    assert count(Vote, Vote.user_id == gone.id) == 0
    for model, column in ((ApiToken, ApiToken.user_id), (Follow, Follow.user_id),
                          (Notification, Notification.recipient_id), (IdempotentRequest, IdempotentRequest.user_id)):
        assert count(model, column == gone.id) == 0
    [note] = db.session.scalars(select(Notification).where(Notification.recipient_id == stay.id,
                                                           Notification.post_id == reply.id))
    assert note.actor_id is None and note.message.startswith("[deleted] replied to your post")
    gone = fresh(gone)
    assert gone.deleted_at is not None and gone.session_generation == generation + 1
    assert (gone.email, gone.display_name, gone.karma) == (f"deleted-{gone.id}@deleted.invalid", None, 0)
    [entry] = db.session.scalars(select(ModerationAction).where(ModerationAction.action == "delete-account"))
    assert (entry.target_label, entry.reason) == ("member [deleted]", "posts kept as “[deleted]”")


def test_removed_posts_lose_their_text_and_history_and_counters_follow(scene):
    thread, gone, stay, answer, reply, own = scene
    before = fresh(thread).post_count
    account_deletion.delete_account(gone, password=Factory.PASSWORD, posts="remove")
    for post in (fresh(reply), fresh(own)):
        assert (post.state, post.body, post.body_html, post.author_id) == (PostState.DELETED, "", "", None)
    assert count(PostRevision, PostRevision.post_id == own.id) == 0
    assert fresh(thread).post_count == before - 2 == count(Post, Post.thread_id == thread.id,
                                                            Post.state == PostState.VISIBLE)
    assert fresh(answer).reply_count == 0
    assert fresh(stay).karma == 0  # Gone's upvote withdrawn; Stay's downvote was on a post now deleted


def test_the_password_confirms_it_and_a_choice_is_needed(scene):
    _, gone, *_ = scene
    with pytest.raises(Invalid) as refused:
        account_deletion.delete_account(gone, password="not my password", posts="keep")
    assert refused.value.field == "password"
    with pytest.raises(Invalid) as refused:
        account_deletion.delete_account(gone, password=Factory.PASSWORD, posts="maybe")
    assert refused.value.field == "posts"
    db.session.rollback()
    assert fresh(gone).deleted_at is None


def test_a_deleted_account_cannot_log_in_be_found_or_be_registered_again(scene):
    _, gone, *_ = scene
    account_deletion.delete_account(gone, password=Factory.PASSWORD, posts="keep")
    with pytest.raises(Invalid):
        auth.authenticate("gone", Factory.PASSWORD, address="127.0.0.1")
    with pytest.raises(Exception, match="There is no member by that name"):
        users.get_user("gone")
    with pytest.raises(Conflict):
        auth.register(username="GONE", email="new@example.org", password=Factory.PASSWORD)
    assert auth.register(username="newcomer", email="gone@example.org", password=Factory.PASSWORD)


def test_threads_the_member_started_and_wrote_in_show_the_change(scene):
    thread, gone, *_ = scene
    version = fresh(thread).version
    account_deletion.delete_account(gone, password=Factory.PASSWORD, posts="keep")
    assert fresh(thread).version > version
    assert db.session.scalar(select(User.id).where(User.username_key == "gone")) == gone.id
    assert count(Thread, Thread.author_id == gone.id) == 0
