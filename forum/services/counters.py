"""The counters a post belongs to (its thread's, article's, author's and parent's), kept exact by atomic UPDATEs."""

from __future__ import annotations

import functools

from sqlalchemy import Update, bindparam, update
from sqlalchemy.orm.util import identity_key

from ..extensions import db
from ..models import Article, Post, Thread, User, utcnow

# What count_post changes in each table.
COUNTED_ATTRIBUTES = {
    Thread: ("post_count", "last_activity_at", "version", "changed_at"),
    Article: ("post_count", "last_activity_at"),
    User: ("post_count",),
    Post: ("reply_count",),
}


def count_post(post: Post, delta: int) -> None:
    """Add ``delta`` to every counter ``post`` belongs to, atomically, in the caller's transaction,
    and bump its thread's page version (``page_versions``: the page shows the count).

    Moderation calls it too when a post is approved (+1), removed (-1) or restored (+1).
    Callers lock the post's thread first (``locking.lock_post_thread``), so that a move
    cannot take the post elsewhere between reading it and counting it. The loaded objects'
    counters are expired: they read the new value from the database when next asked.
    """
    thread = db.session.get(Thread, post.thread_id)
    counted = [(Thread, post.thread_id), (Article, thread.article_id), (User, post.author_id),
               (Post, post.parent_id)]
    params = {"delta": delta, "now": utcnow()}
    for (model, row_id), statement in zip(counted, _counter_updates(delta > 0)):
        if row_id is not None:
            db.session.execute(statement, {**params, "row_id": row_id})
            held = db.session.identity_map.get(identity_key(model, row_id))
            if held is not None:
                db.session.expire(held, COUNTED_ATTRIBUTES[model])


@functools.cache
def _counter_updates(activity: bool) -> tuple[Update, ...]:
    """``count_post``'s UPDATEs of the thread, article, author and parent (in that order), on their
    tables with ``delta``, ``now`` and ``row_id`` bound: built once, with none of the ORM's bookkeeping
    (``count_post`` expires what they change)."""
    threads, articles, users, posts = (model.__table__ for model in (Thread, Article, User, Post))
    delta, now = bindparam("delta"), bindparam("now")
    last = {"last_activity_at": now} if activity else {}
    return (
        update(threads).where(threads.c.id == bindparam("row_id"))
        .values(post_count=threads.c.post_count + delta, version=threads.c.version + 1, changed_at=now, **last),
        # updated_at as it was: it says when the article itself last changed (its feed entry's "updated")
        update(articles).where(articles.c.id == bindparam("row_id"))
        .values(post_count=articles.c.post_count + delta, updated_at=articles.c.updated_at, **last),
        update(users).where(users.c.id == bindparam("row_id")).values(post_count=users.c.post_count + delta),
        update(posts).where(posts.c.id == bindparam("row_id")).values(reply_count=posts.c.reply_count + delta),
    )
