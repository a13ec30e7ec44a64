"""What a viewer may see, as SQL conditions: the permissions' reading rules for queries over many rows.

Each condition says in SQL what a predicate of ``forum.permissions`` says of one loaded row
(tests/unit/test_visibility.py holds the two to the same answers), so listings, search, feeds
and the embed never find what the thread pages would not show the same viewer.
"""

from __future__ import annotations

from flask_login import AnonymousUserMixin
from sqlalchemy import ColumnElement, Select, and_, exists, or_, select, true
from sqlalchemy.orm import aliased

from ..models import Article, ArticleStatus, Notification, Post, PostState, Thread
from ..permissions import can_moderate, is_member

EVERYONE = AnonymousUserMixin()  # the reader of what all see alike: the front page, the duplicate check


def articles_shown(viewer) -> ColumnElement[bool]:
    """``can_see_article``: published articles; moderators also see drafts; nobody a deleted one."""
    kept = Article.deleted_at.is_(None)
    return kept if can_moderate(viewer) else and_(kept, Article.status == ArticleStatus.PUBLISHED)


def threads_shown(viewer) -> ColumnElement[bool]:
    """``can_see_thread``: hidden threads are for moderators; a deleted article's threads for nobody.

    The article's rule comes as a subquery, so that every query over threads or posts that asks
    for this condition leaves deleted articles out, whether it joins articles or not.
    """
    kept = Thread.article_id.not_in(_deleted_articles())
    return kept if can_moderate(viewer) else and_(kept, Thread.hidden.is_(False))


def notifications_shown() -> ColumnElement[bool]:
    """A member's notifications, but those about a deleted article's threads: they point at nothing
    until it is restored."""
    deleted_threads = select(Thread.id).where(Thread.article_id.in_(_deleted_articles()))
    return or_(Notification.thread_id.is_(None), Notification.thread_id.not_in(deleted_threads))


def _deleted_articles() -> Select:
    return select(Article.id).where(Article.deleted_at.is_not(None))


def post_bodies_shown(viewer) -> ColumnElement[bool]:
    """``can_see_post_body``: visible posts; an author's own pending ones; everything but deleted for moderators;
    and in answer-first threads, only to those who may see its answers (``answers_shown``)."""
    if can_moderate(viewer):
        return Post.state.in_((PostState.VISIBLE, PostState.PENDING, PostState.REMOVED))
    if is_member(viewer):
        return and_(or_(Post.state == PostState.VISIBLE,
                        and_(Post.state == PostState.PENDING, Post.author_id == viewer.id)),
                    answers_shown(viewer))
    return and_(Post.state == PostState.VISIBLE, answers_shown(viewer))


def answers_shown(viewer) -> ColumnElement[bool]:
    """``permissions.answers_hidden`` as SQL: a post shows unless its thread asks for answers first and
    ``viewer`` (not a moderator) has no answer there, visible or awaiting approval (DESIGN §11); the
    question's details (a member's thread's opening post) show to all."""
    if can_moderate(viewer):
        return true()
    # Aliases: the outer query often joins threads and posts itself, and must not be correlated away.
    first, own = aliased(Thread), aliased(Post)
    open_threads = or_(Post.thread_id.not_in(select(first.id).where(first.answer_first.is_(True))),
                       Post.id.in_(select(first.opening_post_id).where(first.answer_first.is_(True),
                                                                       first.opening_post_id.is_not(None))))
    if not is_member(viewer):
        return open_threads
    answered = exists().where(own.thread_id == Post.thread_id, own.parent_id.is_(None), own.author_id == viewer.id,
                              own.state.in_((PostState.VISIBLE, PostState.PENDING)))
    return or_(open_threads, answered)


def readable_posts(viewer) -> list[ColumnElement[bool]]:
    """Posts whose body ``viewer`` may read, in threads and articles they may see (join both)."""
    return [post_bodies_shown(viewer), threads_shown(viewer), articles_shown(viewer)]
