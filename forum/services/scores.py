"""Hidden scores (DESIGN §11): contest mode and the site-wide window after a post is written.

A hidden score is hidden from every reader, moderators and the post's author included: contest
mode exists so that no vote is cast, and no answer read, because of other votes. The reader's
own vote still shows. While scores are hidden the orders that would reveal them change:

- Contest mode: "best", "top" and "controversial" show top-level answers in an order shuffled
  per reader (``shuffled_order``), and replies oldest first; "new" and "old" stay as they are.
  Visitors share one order, so their cached page serves them all.
- ``SCORE_HIDE_MINUTES``: in those three sorts a post still in its window ranks as a post with
  no votes yet, wherever it is, so its place tells nothing of its votes.

Both orders are computed, not read from an index: such a page sorts its thread's top-level
posts, a cost that grows with the thread where the plain sorts' does not (bench/README.md
measures the plain ones). The setting is off by default; contest mode is a moderator's choice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import BigInteger, bindparam, case, cast, func, or_, select

from ..extensions import db
from ..models import Article, Post, Thread, User, utcnow
from ..permissions import is_member

SCORE_SORTS = frozenset({"best", "top", "controversial"})
# 2**31 - 1, a prime above every id: shuffle keys stay below 2**63, so no engine's integers overflow.
SHUFFLE_PRIME = 2_147_483_647
VISITOR_SEED = "visitor"  # one order for every visitor, so their cached page serves them all


def hidden_since(now: datetime | None = None) -> datetime | None:
    """The start of the window in which a post's score is hidden (posts written after it), or None when off."""
    minutes = current_app.config["SCORE_HIDE_MINUTES"]
    return (now or utcnow()) - timedelta(minutes=minutes) if minutes > 0 else None


def score_hidden(contest_mode: bool, created_at: datetime, since: datetime | None) -> bool:
    """Whether the score of a post written at ``created_at``, in a thread in contest mode or not, is hidden
    (``since``: ``hidden_since()``)."""
    return contest_mode or (since is not None and created_at > since)


def shown_karma(member: User) -> int:
    """``member``'s karma as every reader sees it, the member too: the stored sum of their posts'
    scores, less the scores still hidden (a post in a thread in contest mode, or in its window),
    which count once they show, so no vote on a hidden score can be read off a profile."""
    since = hidden_since()
    in_contest = Post.thread_id.in_(select(Thread.id).where(Thread.contest_mode))
    hidden = in_contest if since is None else or_(in_contest, Post.created_at > since)
    withheld = db.session.scalar(select(func.coalesce(func.sum(Post.score), 0))
                                 .where(Post.author_id == member.id, hidden))
    return member.karma - withheld


def window_open(shown: Thread | Article, now: datetime) -> bool:
    """Whether a post of a thread (or of an article's threads) may still be in its hiding window:
    every post counted there moved its last activity to the time it was written or later."""
    since = hidden_since(now)
    return since is not None and shown.last_activity_at > since


def shuffle_params(viewer) -> dict[str, int]:
    """The reader's two multipliers for ``shuffled_order``: stable per member, one pair for every visitor."""
    seed = f"member:{viewer.id}" if is_member(viewer) else VISITOR_SEED
    digest = hashlib.sha256(seed.encode()).digest()
    first, second = (int.from_bytes(digest[i:i + 8], "big") % (SHUFFLE_PRIME - 1) + 1 for i in (0, 8))
    return {"shuffle_a": first, "shuffle_b": second}


def shuffle_key(post_id: int, params: dict[str, int]) -> int:
    """``shuffled_order``'s key in Python, for tests and for sorting loaded posts the same way."""
    mixed = post_id * params["shuffle_a"] % SHUFFLE_PRIME
    return (mixed * mixed + post_id * params["shuffle_b"]) % SHUFFLE_PRIME


def shuffled_order() -> list:
    """Posts in the reader's shuffled order: a quadratic of the id modulo a prime, with the reader's
    multipliers bound as ``shuffle_a`` and ``shuffle_b`` (``shuffle_params``). Plain integer
    arithmetic, the same on SQLite and PostgreSQL, so pages split it exactly; ties (none in practice)
    fall back to the id."""
    post_id = cast(Post.id, BigInteger)
    mixed = (post_id * bindparam("shuffle_a", type_=BigInteger)) % SHUFFLE_PRIME
    key = (mixed * mixed + post_id * bindparam("shuffle_b", type_=BigInteger)) % SHUFFLE_PRIME
    return [key, Post.id]


def unrevealed(column, neutral):
    """``column``, or ``neutral`` (the value of a post with no votes) for posts still in the hiding window,
    bound as ``hidden_since``."""
    young = Post.created_at > bindparam("hidden_since", type_=Post.created_at.type)
    return case((young, neutral), else_=column)



@dataclass(frozen=True)
class Ordering:
    """How one reader's page of one thread is ordered: ``mode`` "plain", "contest" (shuffled) or
    "window" (posts in the hiding window rank as unvoted); ``params`` binds ``shuffled_order`` or
    ``unrevealed``; ``since`` is ``hidden_since()``."""

    mode: str
    params: dict
    since: datetime | None


def ordering(thread: Thread, sort: str, viewer) -> Ordering:
    """The order of ``thread`` in ``sort`` for ``viewer``, as the module docstring states it."""
    since = hidden_since()
    if sort in SCORE_SORTS and thread.contest_mode:
        return Ordering("contest", shuffle_params(viewer), since)
    if sort in SCORE_SORTS and since is not None:
        return Ordering("window", {"hidden_since": since}, since)
    return Ordering("plain", {}, since)
