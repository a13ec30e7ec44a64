"""Versions of the thread pages: every change to what a page shows bumps its thread's, in the same transaction.

Cached pages are keyed by the version they were rendered from (``forum/page_cache.py``), so a
page is never served stale: the writer's commit makes the new version visible together with
the change itself. A writer that changes anything a thread page shows, now or in a later
feature, calls ``pages_changed`` with what it touched before its commit. Bumping a page that
did not change only costs one render.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select, update

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


@dataclass(frozen=True)
class PageVersion:
    name: str  # names the page and what its number does not count
    number: int
    changed_at: datetime


def article_version(article: Article) -> PageVersion:
    """The version of ``article``'s page, which shows its threads (their questions, counts and best answers).

    The sum of its threads' versions, so any change that bumps one of them (a vote, an answer, an
    edit, a feature, a removal) changes it in the same transaction; the number of threads and the
    article's own last change join the name, for a thread added or removed and an article with none.
    """
    total, count, changed_at = db.session.execute(
        select(func.coalesce(func.sum(Thread.version), 0), func.count(Thread.id), func.max(Thread.changed_at))
        .where(Thread.article_id == article.id)
    ).one()
    name = f"article-{article.id}-{article.created_at.timestamp()}-{article.updated_at.timestamp()}-{count}"
    return PageVersion(name, total, max(filter(None, (changed_at, article.updated_at))))


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
