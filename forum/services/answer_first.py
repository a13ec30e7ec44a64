"""Answer first: whether a reader has answered a thread, and so may read its answers (DESIGN §11).

The one-thread check used by the read side (services.records), votes and the thread page; the
same rule for queries over many posts is ``visibility.answers_shown``.
"""

from __future__ import annotations

from sqlalchemy import exists, select

from ..errors import NotAllowed
from ..extensions import db
from ..models import Post, PostState, Thread
from ..permissions import answers_hidden, can_moderate, is_member

ANSWERS_HIDDEN = "Answers are hidden until you post yours."


def has_answered(viewer, thread: Thread) -> bool:
    """DESIGN §11: a top-level post of ``viewer`` in ``thread``, visible or awaiting approval (a moved
    answer counts where it now is, as its thread_id says); replies do not count."""
    if not is_member(viewer):
        return False
    return bool(db.session.scalar(select(exists().where(
        Post.thread_id == thread.id, Post.parent_id.is_(None), Post.author_id == viewer.id,
        Post.state.in_((PostState.VISIBLE, PostState.PENDING)),
    ))))


def hides_answers(viewer, thread: Thread) -> bool:
    """Whether answer first keeps ``thread``'s answers from ``viewer``; a query only where it is on."""
    if not thread.answer_first or can_moderate(viewer):
        return False
    return answers_hidden(viewer, thread, has_answered=has_answered(viewer, thread))


def require_answers_shown(viewer, post: Post) -> None:
    """NotAllowed while answer first keeps ``post`` from ``viewer`` (to read it alone, or vote): any post of
    its thread but the question's details (a member's thread's opening post), which every reader sees."""
    if post.id != post.thread.opening_post_id and hides_answers(viewer, post.thread):
        raise NotAllowed(ANSWERS_HIDDEN)
