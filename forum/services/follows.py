"""Following threads: members who follow a thread hear of every new post in it."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ..database import writes
from ..errors import NotAllowed, NotFound
from ..extensions import db
from ..models import Follow, Thread, User
from ..permissions import can_see_thread, is_member


@writes
def follow_thread(user: User, thread: Thread) -> None:
    """Follow ``thread``; following it twice changes nothing."""
    if not is_member(user):
        raise NotAllowed("Log in to follow threads.")
    if not can_see_thread(user, thread):
        raise NotFound("There is no thread at this address.")
    add_follow(user, thread)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # a concurrent request followed it first: the wish is met


@writes
def unfollow_thread(user: User, thread: Thread) -> None:
    """Stop following ``thread``; unfollowing a thread one does not follow changes nothing."""
    if not is_member(user):
        raise NotAllowed("Log in to follow threads.")
    db.session.execute(delete(Follow).where(Follow.user_id == user.id, Follow.thread_id == thread.id))
    db.session.commit()


def add_follow(user: User, thread: Thread) -> None:
    """Add a follow to the caller's transaction unless there is one already."""
    if not is_following(user, thread):
        db.session.add(Follow(user_id=user.id, thread_id=thread.id))


def is_following(user: User, thread: Thread) -> bool:
    if not is_member(user):
        return False
    found = db.session.scalar(
        select(Follow.id).where(Follow.user_id == user.id, Follow.thread_id == thread.id)
    )
    return found is not None


def followed_thread_ids(user: User, thread_ids: list[int]) -> set[int]:
    """Which of ``thread_ids`` the user follows, in one query."""
    if not is_member(user) or not thread_ids:
        return set()
    return set(db.session.scalars(
        select(Follow.thread_id).where(Follow.user_id == user.id, Follow.thread_id.in_(thread_ids))
    ))

