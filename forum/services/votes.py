"""Votes: one per member and post, with the post's score and the author's karma kept exact."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import delete, insert, select, update

from ..database import writes
from ..errors import Invalid, NotAllowed
from ..extensions import db
from ..models import Post, PostState, User, Vote
from ..permissions import can_participate, can_vote, is_author, is_thread_open
from . import throttle
from .answer_first import require_answers_shown
from .locking import lock_post_thread
from .page_versions import pages_changed

VALUES = (-1, 0, 1)
VOTES_THROTTLED = "Too many votes at once. Try again in {wait}."


@writes
def cast_vote(voter: User, post: Post, *, value: int) -> int:
    """Press Upvote (1) or Downvote (-1): the same again withdraws the vote, the other switches it.

    Returns the voter's vote afterwards (-1, 0 or 1); commits.
    """
    if value not in (-1, 1):
        raise Invalid("A vote is 1 or -1.", field="value")
    _require_can_vote(voter, post)
    _count_vote(voter)
    current = _current_vote(voter, post)
    return _apply(voter, post, current, 0 if current is not None and current.value == value else value)


@writes
def set_vote(voter: User, post: Post, *, value: int) -> int:
    """Make the voter's vote ``value`` (1, -1, or 0 to withdraw), as the API's PUT does; commits."""
    if value not in VALUES:
        raise Invalid("A vote is 1, -1 or 0.", field="value")
    _require_can_vote(voter, post)
    _count_vote(voter)
    return _apply(voter, post, _current_vote(voter, post), value)


def viewer_votes(viewer, post_ids: list[int]) -> dict[int, int]:
    """The viewer's vote on each of ``post_ids`` that has one, in one query."""
    if not getattr(viewer, "is_authenticated", False) or not post_ids:
        return {}
    rows = db.session.execute(
        select(Vote.post_id, Vote.value).where(Vote.user_id == viewer.id, Vote.post_id.in_(post_ids))
    )
    return {post_id: value for post_id, value in rows}


def _require_can_vote(voter: User, post: Post) -> None:
    require_answers_shown(voter, post)
    if can_vote(voter, post):
        return
    if not can_participate(voter):
        raise NotAllowed("Your account is suspended; you can read but not vote.")
    if is_author(voter, post):
        raise NotAllowed("You cannot vote on your own posts.")
    if post.state != PostState.VISIBLE:
        raise NotAllowed("This post cannot be voted on.")
    if not is_thread_open(post.thread):
        raise NotAllowed("This thread is locked; votes are closed.")
    raise NotAllowed("You cannot vote here.")


def _count_vote(voter: User) -> None:
    throttle.hit(current_app.config["VOTE_LIMIT_PER_MEMBER"], "vote", str(voter.id),
                 message=VOTES_THROTTLED, field="value")


def _current_vote(voter: User, post: Post) -> Vote | None:
    """The voter's vote on ``post``, read after taking the lock of the thread the post is in.

    Every vote on a post then runs one after another from here to the commit,
    so a vote never decides from a row another request is about to change:
    exact on PostgreSQL by construction. The thread comes first, as for every
    write that counts posts (``locking``): one order, no deadlock with posting,
    moving or removing. SQLite has no row locks; its write requests hold BEGIN IMMEDIATE.
    """
    lock_post_thread(post)
    return db.session.scalar(select(Vote).where(Vote.user_id == voter.id, Vote.post_id == post.id))


def withdraw_votes(voter: User) -> None:
    """Take back every vote of ``voter``: scores, counts and karma as if never cast; no commit (account deletion)."""
    votes = db.session.execute(select(Vote.post_id, Vote.value, Post.author_id, Post.thread_id)
                               .join(Post, Post.id == Vote.post_id).where(Vote.user_id == voter.id)).all()
    for vote in votes:
        db.session.execute(update(Post).where(Post.id == vote.post_id).values(
            score=Post.score - vote.value, upvotes=Post.upvotes - int(vote.value == 1),
            downvotes=Post.downvotes - int(vote.value == -1)))
        if vote.author_id is not None:
            db.session.execute(update(User).where(User.id == vote.author_id).values(karma=User.karma - vote.value))
    db.session.execute(delete(Vote).where(Vote.user_id == voter.id))
    for thread_id in {vote.thread_id for vote in votes}:
        pages_changed(thread_id=thread_id)


def _apply(voter: User, post: Post, current: Vote | None, value: int) -> int:
    old = current.value if current is not None else 0
    if value == old:
        return old
    if current is None:
        db.session.execute(insert(Vote).values(user_id=voter.id, post_id=post.id, value=value))
    elif value == 0:
        db.session.execute(delete(Vote).where(Vote.id == current.id))
    else:
        db.session.execute(update(Vote).where(Vote.id == current.id).values(value=value))
    delta = value - old
    db.session.execute(update(Post).where(Post.id == post.id).values(
        score=Post.score + delta,
        upvotes=Post.upvotes + (int(value == 1) - int(old == 1)),
        downvotes=Post.downvotes + (int(value == -1) - int(old == -1)),
    ))
    if post.author_id is not None:
        db.session.execute(update(User).where(User.id == post.author_id).values(karma=User.karma + delta))
    pages_changed(thread_id=post.thread_id)
    db.session.commit()
    return value

