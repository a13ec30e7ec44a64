"""Moving a post (with its replies) to another thread of its article, and merging threads.

Both keep every post's id, votes, edit history and permalink; the counters, follows
and notifications go where the posts went. Each locks the two threads first, in id
order, as every write that counts posts does (see ``locking``), so a vote or reply
that races a move is counted once, in the thread where its post ends up.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, delete, func, literal, select, update
from sqlalchemy.orm import joinedload

from ..database import writes
from ..errors import Conflict, NotAllowed
from ..extensions import db
from ..models import Follow, Notification, Post, PostState, Thread, User, utcnow
from ..models.base import dialect_insert
from ..permissions import can_merge_thread, can_moderate, move_refusal
from .moderation_log import record_action
from .locking import MOVED_MEANWHILE, lock_threads, reload_post
from .moderation import check_reason
from .notifications import notify_moderation
from .page_versions import pages_changed


@writes
def move_post(moderator: User, post: Post, *, target: Thread, reason: str = "") -> Post:
    """Move ``post`` and all its replies to ``target``, where it becomes a top-level answer; commits.

    Its replies keep their places under it, one level higher each if it was a reply.
    Members who follow the old thread and wrote one of the moved posts follow the new one.
    """
    if not can_moderate(moderator):
        raise NotAllowed("Only moderators can move posts.")
    reason = check_reason(reason, required=False)
    source, target = _lock_pair(post.thread_id, target)
    post = reload_post(post)
    if post.thread_id != source.id:
        raise Conflict(MOVED_MEANWHILE)
    _require_target(source, target)
    moved = _subtree(post)
    visible, newest = _visible_among(select(moved.c.id))
    if post.parent_id is not None and post.state == PostState.VISIBLE:
        db.session.execute(update(Post).where(Post.id == post.parent_id)
                           .values(reply_count=Post.reply_count - 1))
    _copy_follows(source, target, select(Post.author_id).where(Post.id.in_(select(moved.c.id))))
    db.session.execute(update(Notification).where(Notification.post_id.in_(select(moved.c.id)))
                       .values(thread_id=target.id))
    db.session.execute(update(Post).where(Post.id.in_(select(moved.c.id)))
                       .values(thread_id=target.id, depth=Post.depth - post.depth))
    post.parent_id, post.depth, post.thread = None, 0, target
    if source.opening_post_id == post.id:
        source.opening_post_id = None  # there it is an answer like any other
    _shift_counts(source, target, visible, newest)
    record_action(moderator, "move-post", post, reason=reason,
                  label=f"#{post.id} by {_name(post.author)} from “{source.title}” to “{target.title}”")
    message = f"A moderator moved your post from “{source.title}” to “{target.title}”"
    notify_moderation(moderator, post.author, message=f"{message}: {reason}" if reason else message,
                      post=post, thread=target)
    db.session.commit()
    return post


@writes
def merge_thread(moderator: User, thread: Thread, *, target: Thread, reason: str = "") -> Thread:
    """Move every post of member-started ``thread`` to ``target``; ``thread`` then redirects there; commits.

    Its followers follow ``target`` (once each), and threads merged into it earlier point at ``target`` too.
    """
    if not can_moderate(moderator):
        raise NotAllowed("Only moderators can merge threads.")
    reason = check_reason(reason, required=False)
    source, target = _lock_pair(thread.id, target)
    if not can_merge_thread(moderator, source):
        raise Conflict("Only a member-started thread that was not merged already can be merged.")
    _require_target(source, target)
    visible, newest = _visible_among(select(Post.id).where(Post.thread_id == source.id))
    _copy_follows(source, target)
    db.session.execute(delete(Follow).where(Follow.thread_id == source.id))
    db.session.execute(update(Notification).where(Notification.thread_id == source.id)
                       .values(thread_id=target.id))
    db.session.execute(update(Post).where(Post.thread_id == source.id).values(thread_id=target.id))
    db.session.execute(update(Thread).where(Thread.merged_into_id == source.id)
                       .values(merged_into_id=target.id))
    source.merged_into_id, source.opening_post_id = target.id, None  # its opening post answers there
    _shift_counts(source, target, visible, newest)
    record_action(moderator, "merge-thread", source, reason=reason,
                  label=f"thread “{source.title}” into “{target.title}”")
    message = f"A moderator merged your thread “{source.title}” into “{target.title}”"
    notify_moderation(moderator, source.author, message=f"{message}: {reason}" if reason else message,
                      thread=target)
    db.session.commit()
    return target


def move_targets(moderator: User, thread: Thread) -> list[Thread]:
    """The threads of ``thread``'s article that can take its posts: questions in order, then members' threads."""
    if not can_moderate(moderator):
        raise NotAllowed("Only moderators can move posts.")
    candidates = db.session.scalars(
        select(Thread).where(Thread.article_id == thread.article_id, Thread.id != thread.id,
                             Thread.merged_into_id.is_(None))
        .options(joinedload(Thread.question), joinedload(Thread.article))
    )
    takers = [t for t in candidates if move_refusal(thread, t) is None]
    return sorted(takers, key=lambda t: (t.question is None, t.question.position if t.question else 0,
                                         t.created_at, t.id))


def _lock_pair(source_id: int, target: Thread) -> tuple[Thread, Thread]:
    """Both threads, locked in id order and freshly read, as (source, target)."""
    locked = {t.id: t for t in lock_threads(source_id, target.id)}
    return locked[source_id], locked[target.id]


def _require_target(source: Thread, target: Thread) -> None:
    refusal = move_refusal(source, target)
    if refusal is not None:
        raise Conflict(refusal, field="thread_id")


def _subtree(post: Post):
    """The ids of ``post`` and every reply under it, as a recursive CTE (one statement, any size)."""
    tree = select(Post.id).where(Post.id == post.id).cte("moved", recursive=True)
    # thread_id first: the (thread_id, parent_id) index finds each level's replies
    return tree.union_all(
        select(Post.id).join(tree, (Post.thread_id == post.thread_id) & (Post.parent_id == tree.c.id))
    )


def _visible_among(ids: Select) -> tuple[int, datetime | None]:
    """How many of the posts ``ids`` selects are visible, and when the newest of those was written."""
    count, newest = db.session.execute(
        select(func.count(Post.id), func.max(Post.created_at))
        .where(Post.id.in_(ids), Post.state == PostState.VISIBLE)
    ).one()
    return count, newest


def _shift_counts(source: Thread, target: Thread, visible: int, newest: datetime | None) -> None:
    """Move ``visible`` posts' worth of count and activity from ``source`` to ``target`` (both locked)."""
    source.post_count -= visible
    target.post_count += visible
    if newest is not None and newest > target.last_activity_at:
        target.last_activity_at = newest
    latest = db.session.scalar(select(func.max(Post.created_at))
                               .where(Post.thread_id == source.id, Post.state == PostState.VISIBLE))
    source.last_activity_at = latest or source.created_at
    # Both pages change: one loses the posts, the other shows them.
    pages_changed(thread_id=source.id)
    pages_changed(thread_id=target.id)


def _copy_follows(source: Thread, target: Thread, among: Select | None = None) -> None:
    """Followers of ``source`` (those in ``among``, if given) follow ``target`` too, each once."""
    followers = (select(Follow.user_id, literal(target.id), literal(utcnow(), Follow.created_at.type))
                 .where(Follow.thread_id == source.id))
    if among is not None:
        followers = followers.where(Follow.user_id.in_(among))
    insert = dialect_insert(db.engine.dialect.name)
    db.session.execute(insert(Follow).from_select(["user_id", "thread_id", "created_at"], followers)
                       .on_conflict_do_nothing())


def _name(author: User | None) -> str:
    return author.username if author else "a former member"
