"""The reads behind the front page and an article's hub, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Article, Post, PostState, Thread, utcnow
from ..permissions import ArticleActions, article_actions, is_member
from .visibility import EVERYONE, articles_shown, threads_shown

FRONT_SORTS = ("latest", "new", "top", "unanswered")
DEFAULT_FRONT_SORT = "latest"
# "Top" ranks the articles published within the period by how much they were discussed.
TOP_PERIODS: dict[str, timedelta | None] = {"week": timedelta(days=7), "month": timedelta(days=30), "all": None}
DEFAULT_TOP_PERIOD = "week"


@dataclass(frozen=True)
class ArticleRow:
    article: Article
    question_count: int
    unanswered_count: int


@dataclass(frozen=True)
class FrontPage:
    """One page of the front page: article rows, or unanswered question threads for "Unanswered"."""

    sort: str
    period: str
    pagination: object
    rows: list[ArticleRow]
    threads: list[Thread]


@dataclass(frozen=True)
class Hub:
    """An article's hub as one viewer sees it: the threads they may see, which they answered,
    and what they may do here."""

    article: Article
    question_threads: list[Thread]
    member_threads: list[Thread]
    answered: frozenset[int]  # ids of threads the viewer has answered (see _answered)
    answer_counts: dict[int, int]  # visible answers (top-level posts) of each question thread, by id
    allowed: ArticleActions


def parse_front_sort(sort: str | None, period: str | None) -> tuple[str, str]:
    """A known sort and "Top" period; anything else is the default."""
    return (sort if sort in FRONT_SORTS else DEFAULT_FRONT_SORT,
            period if period in TOP_PERIODS else DEFAULT_TOP_PERIOD)


def front_page(page: int, per_page: int, *, sort: str | None = None, period: str | None = None) -> FrontPage:
    """The front page in ``sort`` order, in three queries whatever the number of articles.

    "Latest" orders published articles by their last post, "New" by publication, "Top" ranks
    those published within ``period`` by their number of posts, and "Unanswered" lists the
    question threads still waiting for a first answer where one can be given.
    """
    sort, period = parse_front_sort(sort, period)
    if sort == "unanswered":
        pagination = db.paginate(_unanswered_threads(), page=page, per_page=per_page, error_out=False)
        return FrontPage(sort, period, pagination, [], list(pagination.items))
    query = select(Article).where(articles_shown(EVERYONE))
    if sort == "latest":
        query = query.order_by(Article.last_activity_at.desc(), Article.id.desc())
    elif sort == "new":
        query = query.order_by(Article.created_at.desc(), Article.id.desc())
    else:
        if TOP_PERIODS[period] is not None:
            query = query.where(Article.created_at >= utcnow() - TOP_PERIODS[period])
        query = query.order_by(Article.post_count.desc(), Article.created_at.desc(), Article.id.desc())
    pagination = db.paginate(query, page=page, per_page=per_page, error_out=False)
    return FrontPage(sort, period, pagination, _article_rows(pagination.items), [])


def _unanswered_threads():
    return (
        select(Thread)
        .join(Article, Article.id == Thread.article_id)
        .where(Thread.post_count == 0, Thread.hidden.is_(False), Thread.locked.is_(False),
               Thread.merged_into_id.is_(None), articles_shown(EVERYONE),
               Article.discussion_open.is_(True))
        .options(joinedload(Thread.article))
        .order_by(Thread.created_at.desc(), Thread.id.desc())
    )


def _article_rows(articles: list[Article]) -> list[ArticleRow]:
    """Each article with its number of shown question threads and of those without an answer yet."""
    ids = [article.id for article in articles]
    counts = {
        article_id: (questions, unanswered)
        for article_id, questions, unanswered in db.session.execute(
            select(Thread.article_id, func.count(Thread.id),
                   func.coalesce(func.sum(case((Thread.post_count == 0, 1), else_=0)), 0))
            .where(Thread.article_id.in_(ids), Thread.question_id.is_not(None), Thread.hidden.is_(False))
            .group_by(Thread.article_id)
        )
    } if ids else {}
    return [ArticleRow(article, *counts.get(article.id, (0, 0))) for article in articles]


def hub(article: Article, viewer) -> Hub:
    """Question threads in question order, then member threads; pinned first in each."""
    query = select(Thread).where(Thread.article_id == article.id, Thread.merged_into_id.is_(None),
                                 threads_shown(viewer)).options(
        joinedload(Thread.question), joinedload(Thread.author)
    )
    threads = list(db.session.scalars(query))
    questions = sorted(
        (t for t in threads if t.question is not None),
        key=lambda t: (not t.pinned, t.question.position),
    )
    others = sorted(
        (t for t in threads if t.question is None),
        key=lambda t: (not t.pinned, -t.last_activity_at.timestamp(), t.id),
    )
    return Hub(article, questions, others, _answered(viewer, [t.id for t in threads]),
               _answer_counts([t.id for t in questions]), article_actions(viewer, article))


def _answer_counts(thread_ids: list[int]) -> dict[int, int]:
    """Visible answers per thread: the number answer first still tells a reader (``threads.answer_count``)."""
    if not thread_ids:
        return {}
    return dict(db.session.execute(
        select(Post.thread_id, func.count()).where(Post.thread_id.in_(thread_ids), Post.parent_id.is_(None),
                                                   Post.state == PostState.VISIBLE).group_by(Post.thread_id)
    ).all())


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
