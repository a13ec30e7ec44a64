"""What a viewer may see, as SQL conditions: the permissions' reading rules for queries over many rows.

Each condition says in SQL what a predicate of ``forum.permissions`` says of one loaded row
(tests/unit/test_visibility.py holds the two to the same answers), so listings, search, feeds
and the embed never find what the thread pages would not show the same viewer.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, or_, true

from ..models import Article, ArticleStatus, Post, PostState, Thread
from ..permissions import can_moderate, is_member


def articles_shown(viewer) -> ColumnElement[bool]:
    """Published articles; moderators also see drafts (as ``articles.get_article``)."""
    return true() if can_moderate(viewer) else Article.status == ArticleStatus.PUBLISHED


def threads_shown(viewer) -> ColumnElement[bool]:
    """``can_see_thread``: hidden threads are for moderators."""
    return true() if can_moderate(viewer) else Thread.hidden.is_(False)


def post_bodies_shown(viewer) -> ColumnElement[bool]:
    """``can_see_post_body``: visible posts; an author's own pending ones; everything but deleted for moderators."""
    if can_moderate(viewer):
        return Post.state.in_((PostState.VISIBLE, PostState.PENDING, PostState.REMOVED))
    if is_member(viewer):
        return or_(Post.state == PostState.VISIBLE,
                   and_(Post.state == PostState.PENDING, Post.author_id == viewer.id))
    return Post.state == PostState.VISIBLE


def readable_posts(viewer) -> list[ColumnElement[bool]]:
    """Posts whose body ``viewer`` may read, in threads and articles they may see (join both)."""
    return [post_bodies_shown(viewer), threads_shown(viewer), articles_shown(viewer)]
