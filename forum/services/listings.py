"""The reads behind the front page and an article's hub, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Article, ArticleStatus, Post, PostState, Question, Thread
from ..permissions import can_moderate, is_member


@dataclass(frozen=True)
class ArticleRow:
    article: Article
    question_count: int


@dataclass(frozen=True)
class Hub:
    question_threads: list[Thread]
    member_threads: list[Thread]
    answered: frozenset[int]  # ids of threads the viewer has answered (see _answered)


def front_page(page: int, per_page: int):
    """Published articles, newest first, with their number of questions."""
    query = (
        select(Article)
        .where(Article.status == ArticleStatus.PUBLISHED)
        .order_by(Article.created_at.desc(), Article.id.desc())
    )
    pagination = db.paginate(query, page=page, per_page=per_page, error_out=False)
    ids = [article.id for article in pagination.items]
    counts = dict(
        db.session.execute(
            select(Question.article_id, func.count(Question.id))
            .where(Question.article_id.in_(ids))
            .group_by(Question.article_id)
        ).all()
    ) if ids else {}
    rows = [ArticleRow(article, counts.get(article.id, 0)) for article in pagination.items]
    return pagination, rows


def hub(article: Article, viewer) -> Hub:
    """Question threads in question order, then member threads; pinned first in each."""
    query = select(Thread).where(Thread.article_id == article.id, Thread.merged_into_id.is_(None)).options(
        joinedload(Thread.question), joinedload(Thread.author)
    )
    if not can_moderate(viewer):
        query = query.where(Thread.hidden.is_(False))
    threads = list(db.session.scalars(query))
    questions = sorted(
        (t for t in threads if t.question is not None),
        key=lambda t: (not t.pinned, t.question.position),
    )
    others = sorted(
        (t for t in threads if t.question is None),
        key=lambda t: (not t.pinned, -t.last_activity_at.timestamp(), t.id),
    )
    return Hub(questions, others, _answered(viewer, [t.id for t in threads]))


def _answered(viewer, thread_ids: list[int]) -> frozenset[int]:
    """Threads the viewer has answered: a top-level post, visible or awaiting approval (DESIGN §11).

    Read where the posts are now, so an answer a moderator moved counts in its new thread.
    """
    if not is_member(viewer) or not thread_ids:
        return frozenset()
    rows = db.session.scalars(
        select(Post.thread_id).where(Post.author_id == viewer.id, Post.thread_id.in_(thread_ids),
                                     Post.parent_id.is_(None),
                                     Post.state.in_((PostState.VISIBLE, PostState.PENDING))).distinct()
    )
    return frozenset(rows)
