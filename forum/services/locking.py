"""Row locks for writes that move posts or count them: threads first, in id order, then posts.

A move or merge changes which thread a post counts in. Every write that changes a
thread's counters therefore locks the thread row first and only then reads the post
(PostgreSQL; on SQLite the write lock that begin_write takes before the service reads
what it changes already serialises writers). The whole order is threads, then members (posting and voting
lock the author), then posts: with one order for everyone, no two writers wait on
each other.
"""

from __future__ import annotations

import functools

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload

from ..database import begin_write
from ..errors import Conflict
from ..extensions import db
from ..models import Post, Thread

# Each attempt after the first means a move of the post committed while this request waited
# for the thread; a post moved this often within one request's wait is being fought over.
MAX_ATTEMPTS = 5
MOVED_MEANWHILE = "This post was moved a moment ago. Reload the page and try again."


def lock_threads(*thread_ids: int) -> list[Thread]:
    """Lock the threads, lowest id first, and return them freshly read, in that order, with their articles
    (read in the same statement: every writer that locks a thread checks its article's settings)."""
    begin_write()
    return list(db.session.scalars(_lock_threads_query(), {"ids": sorted(set(thread_ids))}))


@functools.cache
def _lock_threads_query() -> Select:
    """``lock_threads``' statement, ``ids`` bound: built once (building it took longer than running it,
    under the write lock of every answer)."""
    return (select(Thread).where(Thread.id.in_(bindparam("ids", expanding=True))).order_by(Thread.id)
            .options(joinedload(Thread.article, innerjoin=True))
            .with_for_update(of=Thread).execution_options(populate_existing=True))


def reload_post(post: Post) -> Post:
    """``post`` read again, after the caller's locks: its thread, parent, depth and state are current."""
    return db.session.scalars(
        select(Post).where(Post.id == post.id).execution_options(populate_existing=True)
    ).one()


def lock_post_thread(post: Post) -> Thread:
    """Lock the thread ``post`` is in now and reload ``post``; call before changing what it counts for.

    If a move took the post elsewhere between the two reads, start over where it went:
    the transaction is rolled back first (nothing is written yet), so no lock is held
    while waiting for another.
    """
    for _ in range(MAX_ATTEMPTS):
        thread_id = db.session.scalar(select(Post.thread_id).where(Post.id == post.id))
        thread = lock_threads(thread_id)[0]
        if reload_post(post).thread_id == thread.id:
            return thread
        db.session.rollback()
    raise Conflict(MOVED_MEANWHILE)


def lock_destination(thread: Thread, parent: Post | None) -> tuple[Thread, Post | None]:
    """The thread a new post goes in, locked, and ``parent`` reloaded.

    That is where a move took ``parent``, or where a merge took ``thread``: a reply
    that raced a move lands beside its parent, counted once, in the thread it is in.
    """
    thread_id = thread.id
    for _ in range(MAX_ATTEMPTS):
        if parent is not None:
            thread_id = db.session.scalar(select(Post.thread_id).where(Post.id == parent.id))
        locked = lock_threads(thread_id)[0]
        if parent is not None:
            parent = reload_post(parent)
        settled = parent is None or parent.thread_id == locked.id
        if settled and locked.merged_into_id is None:
            return locked, parent
        thread_id = locked.merged_into_id or thread_id
        db.session.rollback()
    raise Conflict(MOVED_MEANWHILE)
