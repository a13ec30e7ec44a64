"""Best answers, the digest: the answers that lead each of an article's questions, and moderators' picks.

Up to ``BEST_ANSWERS`` per question: first the answers moderators featured ("Feature" /
"Unfeature"), oldest pick first; then the best by the Wilson lower bound of their votes (the
thread page's "best" order) among answers with at least ``BEST_ANSWER_MIN_VOTES`` votes and
more up than down, at most one per author, skipping an answer too close to one already chosen.

Only visible answers (top-level posts) of visible, unmerged question threads ever show; a
reader whom answer first keeps from a thread's answers gets no digest for it.

A pick stays with its post. While the post is removed or deleted it never shows, and restoring
it brings the pick back; a moved answer keeps its pick and leads the best answers of the
question it now answers (a member's thread has none). "Unfeature" takes a pick back in any
of those states.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select

from ..errors import Conflict, NotAllowed
from ..extensions import db
from ..limits import BEST_ANSWER_CANDIDATES, BEST_ANSWER_MIN_VOTES, BEST_ANSWERS, SIMILARITY_CHARS
from ..models import Article, Post, PostState, Question, Thread, User, utcnow
from ..permissions import can_feature_post, can_unfeature_post
from .locking import lock_post_thread
from .moderation import check_reason, require_moderator
from .moderation_log import record_action
from .scores import hidden_since, score_hidden
from .thread_pages import sql_order
from .visibility import answers_shown

# rapidfuzz's token_sort_ratio: the Indel similarity (0-100) of the two answers' words, lowercased,
# without punctuation and sorted, so a copy with its sentences reordered or a word changed scores as
# high as a verbatim one. Distinct answers to one question share its words and still measured 40-55;
# copies reworded by a word or two or reordered measured 94-100 (tests/unit/test_digest.py keeps
# both sets). 85 skips the copies and leaves room before a different answer could be mistaken for one.
TOO_CLOSE = 85


@dataclass(frozen=True)
class BestAnswer:
    """An answer in the digest: ``body`` is its Markdown source, ``body_html`` the sanitized rendering."""

    id: int
    thread_id: int
    author_id: int | None
    author: str | None  # the author's name; None once the account is gone
    body: str
    body_html: str
    score: int | None  # None while the score is in its hiding window (a pick can lead before it ends)
    featured: bool


@dataclass(frozen=True)
class QuestionDigest:
    thread: Thread
    answers: list[BestAnswer]


def article_digest(article: Article, viewer) -> list[QuestionDigest]:
    """Each question of ``article`` in order, with its best answers as ``viewer`` may read them; two queries."""
    threads = list(db.session.scalars(
        select(Thread).join(Question, Question.id == Thread.question_id)
        .where(Thread.article_id == article.id, Thread.hidden.is_(False), Thread.merged_into_id.is_(None))
        .order_by(Question.position)
    ))
    chosen = best_answers(viewer, threads)
    return [QuestionDigest(thread, chosen.get(thread.id, [])) for thread in threads]


def best_answers(viewer, threads: Iterable[Thread]) -> dict[int, list[BestAnswer]]:
    """The best answers of each of ``threads`` that has any for ``viewer``, by thread id; one query.

    Hidden, merged and member-started threads have none, nor threads in contest mode: their scores are
    hidden, so they join once it ends (DESIGN §11).
    """
    ids = [thread.id for thread in threads if thread.question_id is not None and not thread.hidden
           and thread.merged_into_id is None and not thread.contest_mode]
    if not ids:
        return {}
    candidates: dict[int, list[BestAnswer]] = {}
    since = hidden_since()
    for row in db.session.execute(_candidates(viewer, ids, since)):
        score = None if score_hidden(False, row.created_at, since) else row.score
        candidates.setdefault(row.thread_id, []).append(BestAnswer(
            id=row.id, thread_id=row.thread_id, author_id=row.author_id, author=row.username, body=row.body,
            body_html=row.body_html, score=score, featured=row.featured_at is not None))
    return {thread_id: choose(found) for thread_id, found in candidates.items()}


def _candidates(viewer, thread_ids: list[int], since: datetime | None):
    """Up to ``BEST_ANSWER_CANDIDATES`` answers per thread, picks first (oldest first), then by Wilson bound."""
    picks_first = (case((Post.featured_at.is_(None), 1), else_=0), Post.featured_at, *sql_order("best"))
    rank = func.row_number().over(partition_by=Post.thread_id, order_by=picks_first).label("rank")
    voted = and_(Post.upvotes + Post.downvotes >= BEST_ANSWER_MIN_VOTES, Post.score > 0)
    if since is not None:  # a score in its hiding window ranks nothing (services/scores.py); picks still lead
        voted = and_(voted, Post.created_at <= since)
    ranked = (select(Post.id, rank)
              .where(Post.thread_id.in_(thread_ids), Post.parent_id.is_(None), Post.state == PostState.VISIBLE,
                     or_(Post.featured_at.is_not(None), voted), answers_shown(viewer))
              .subquery())
    return (select(Post.id, Post.thread_id, Post.author_id, User.username, Post.body, Post.body_html, Post.score,
                   Post.featured_at, Post.created_at)
            .join(ranked, ranked.c.id == Post.id).outerjoin(User, User.id == Post.author_id)
            .where(ranked.c.rank <= BEST_ANSWER_CANDIDATES)
            .order_by(Post.thread_id, ranked.c.rank))


def choose(candidates: list[BestAnswer]) -> list[BestAnswer]:
    """The first ``BEST_ANSWERS`` of ``candidates`` (in digest order): picks as moderators made them, then
    the rest at most one per author and none too close to an answer already chosen."""
    chosen: list[BestAnswer] = []
    for answer in candidates:
        if len(chosen) == BEST_ANSWERS:
            break
        if answer.featured or not any(_same_author(answer, other) or too_close(answer, other) for other in chosen):
            chosen.append(answer)
    return chosen


def _same_author(one: BestAnswer, other: BestAnswer) -> bool:
    return one.author_id is not None and one.author_id == other.author_id


def too_close(one: BestAnswer, other: BestAnswer) -> bool:
    """Whether two answers say the same in nearly the same words (see ``TOO_CLOSE``), by their openings."""
    from rapidfuzz import fuzz, utils  # here, not at start: 4 MB that only a digest with candidates needs

    return fuzz.token_sort_ratio(one.body[:SIMILARITY_CHARS], other.body[:SIMILARITY_CHARS],
                                 processor=utils.default_process, score_cutoff=TOO_CLOSE) >= TOO_CLOSE


def feature_post(moderator: User, post: Post, *, reason: str = "") -> None:
    """Pick ``post``, a visible answer to a question, for that question's best answers; picks lead, oldest first."""
    require_moderator(moderator, doing="feature answers")
    reason = check_reason(reason, required=False)
    lock_post_thread(post)
    if post.featured_at is not None:
        raise Conflict("This answer is already featured.")
    if not can_feature_post(moderator, post):
        raise NotAllowed("Only visible answers to an article's questions can be featured, not replies.")
    post.featured_at = utcnow()
    record_action(moderator, "feature-post", post, reason=reason)
    db.session.commit()


def unfeature_post(moderator: User, post: Post, *, reason: str = "") -> None:
    """Take a pick back; the answer then competes by its votes like any other."""
    require_moderator(moderator, doing="unfeature answers")
    reason = check_reason(reason, required=False)
    lock_post_thread(post)
    if not can_unfeature_post(moderator, post):
        raise Conflict("This answer is not featured.")
    post.featured_at = None
    record_action(moderator, "unfeature-post", post, reason=reason)
    db.session.commit()
