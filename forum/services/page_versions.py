"""Versions of the thread pages: every change to what a page shows bumps its thread's, in the same transaction.

Cached pages are keyed by the version they were rendered from (``forum/page_cache.py``), so a
page is never served stale: the writer's commit makes the new version visible together with
the change itself. A writer that changes anything a thread page shows, now or in a later
feature, calls ``pages_changed`` with what it touched before its commit. Bumping a page that
did not change only costs one render.
"""

from __future__ import annotations

from sqlalchemy import or_, select, update

from ..extensions import db
from ..models import Article, Post, Thread, User, utcnow


def pages_changed(*, thread_id: int | None = None, article_id: int | None = None,
                  author_id: int | None = None) -> None:
    """Bump the pages of a thread, of every thread of an article, or of every thread a member wrote in."""
    conditions = []
    if thread_id is not None:
        conditions.append(Thread.id == thread_id)
    if article_id is not None:
        conditions.append(Thread.article_id == article_id)
    if author_id is not None:
        conditions += [Thread.author_id == author_id,
                       Thread.id.in_(select(Post.thread_id).where(Post.author_id == author_id))]
    if not conditions:
        raise ValueError("pages_changed needs a thread, an article or an author.")
    # An atomic increment: two writers committing at once leave two bumps, never one.
    db.session.execute(update(Thread).where(or_(*conditions))
                       .values(version=Thread.version + 1, changed_at=utcnow())
                       .execution_options(synchronize_session=False))


def pages_showing(target: Article | Thread | Post | User) -> None:
    """Bump the pages that show ``target``: its thread, its article's threads, or a member's threads."""
    if isinstance(target, Article):
        pages_changed(article_id=target.id)
    elif isinstance(target, Thread):
        pages_changed(thread_id=target.id)
    elif isinstance(target, Post):
        pages_changed(thread_id=target.thread_id)
    else:
        pages_changed(author_id=target.id)
