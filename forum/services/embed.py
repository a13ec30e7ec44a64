"""What the embed widget shows: an article's questions, each with its best answers, as a visitor sees them."""

from __future__ import annotations

from dataclasses import dataclass

from flask_login import AnonymousUserMixin
from sqlalchemy import select

from ..extensions import db
from ..models import Article, Question, Thread
from .digest import BestAnswer, best_answers
from .feeds import feed_article
from .visibility import threads_shown

VISITOR = AnonymousUserMixin()  # an embed is anyone's page: no cookies, no viewer


@dataclass(frozen=True)
class EmbeddedQuestion:
    thread: Thread
    answers: list[BestAnswer]


def embedded_article(slug: str, *, answers_per_question: int) -> tuple[Article, list[EmbeddedQuestion]]:
    """The article at ``slug`` and its question threads in order, each with (up to ``answers_per_question`` of)
    its best answers: the digest's (services/digest.py); three queries."""
    article = feed_article(slug)
    threads = list(db.session.scalars(
        select(Thread).join(Question, Question.id == Thread.question_id)
        .where(Thread.article_id == article.id, threads_shown(VISITOR), Thread.merged_into_id.is_(None))
        .order_by(Question.position)
    ))
    answers = best_answers(VISITOR, threads)
    return article, [EmbeddedQuestion(thread, answers.get(thread.id, [])[:answers_per_question])
                     for thread in threads]
