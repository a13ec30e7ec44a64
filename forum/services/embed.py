"""What the embed widget shows: an article's questions, each with its best answers, as a visitor sees them."""

from __future__ import annotations

from dataclasses import dataclass

from flask_login import AnonymousUserMixin
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Article, Post, Question, Thread
from .feeds import feed_article
from .threads import sort_posts, sql_order
from .visibility import post_bodies_shown, threads_shown

VISITOR = AnonymousUserMixin()  # an embed is anyone's page: no cookies, no viewer


@dataclass(frozen=True)
class EmbeddedQuestion:
    thread: Thread
    answers: list[Post]


def embedded_article(slug: str, *, answers_per_question: int) -> tuple[Article, list[EmbeddedQuestion]]:
    """The article at ``slug`` and its question threads in order, each with its best answers; three queries."""
    article = feed_article(slug)
    threads = list(db.session.scalars(
        select(Thread).join(Question, Question.id == Thread.question_id)
        .where(Thread.article_id == article.id, threads_shown(VISITOR), Thread.merged_into_id.is_(None))
        .order_by(Question.position)
    ))
    answers = best_answers([thread.id for thread in threads], answers_per_question)
    return article, [EmbeddedQuestion(thread, answers.get(thread.id, [])) for thread in threads]


def best_answers(thread_ids: list[int], limit: int) -> dict[int, list[Post]]:
    """Up to ``limit`` visible answers of each thread, in the thread page's "best" order.

    The one place the embed picks answers: a digest of featured answers can take its place.
    """
    if not thread_ids or limit <= 0:
        return {}
    rank = func.row_number().over(partition_by=Post.thread_id, order_by=sql_order("best")).label("rank")
    ranked = (select(Post.id, rank)
              .where(Post.thread_id.in_(thread_ids), Post.parent_id.is_(None), post_bodies_shown(VISITOR))
              .subquery())
    posts = db.session.scalars(
        select(Post).join(ranked, ranked.c.id == Post.id).where(ranked.c.rank <= limit)
        .options(joinedload(Post.author))
    )
    chosen: dict[int, list[Post]] = {}
    for post in sort_posts(list(posts), "best"):
        chosen.setdefault(post.thread_id, []).append(post)
    return chosen
