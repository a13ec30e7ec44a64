"""A member's own data, as they download it from Settings: what they wrote, voted, reported and follow."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..models import ApiToken, Follow, Post, Report, Thread, User, Vote
from .scores import hidden_since, score_hidden, shown_karma
from .transfer import FORMAT


def read_user_data(member: User) -> dict[str, Any]:
    """Everything Agora keeps about ``member`` that is theirs to take, in five queries; no secrets.

    The password hash and token hashes stay behind: they open the account, and say nothing to its owner.
    """
    posts = db.session.execute(
        select(Post, Thread.title, Thread.article_id, Thread.contest_mode).join(Thread, Thread.id == Post.thread_id)
        .where(Post.author_id == member.id).order_by(Post.id)
    ).all()
    votes = db.session.scalars(select(Vote).where(Vote.user_id == member.id).order_by(Vote.id))
    reports = db.session.scalars(select(Report).where(Report.reporter_id == member.id).order_by(Report.id))
    follows = db.session.scalars(select(Follow).where(Follow.user_id == member.id).order_by(Follow.id))
    since = hidden_since()
    api_tokens = db.session.scalars(select(ApiToken).where(ApiToken.user_id == member.id).order_by(ApiToken.id))
    return {
        "format": f"{FORMAT}-member",
        "account": {**_values(member, "username", "email", "role", "created_at"), "karma": shown_karma(member),
                    **_values(member, "post_count", "suspended_until", "suspension_reason", "follow_own_threads",
                              "follow_replied_threads", "email_notifications")},
        "posts": [{**_values(post, "id", "thread_id", "parent_id", "body", "state", "created_at", "edited_at"),
                   **_score(post, contest, since), "thread_title": title, "article_id": article_id}
                  for post, title, article_id, contest in posts],
        "votes": [_values(vote, "post_id", "value", "created_at") for vote in votes],
        "reports": [_values(report, "post_id", "reason", "details", "status", "created_at") for report in reports],
        "follows": [_values(follow, "thread_id", "created_at") for follow in follows],
        "api_tokens": [_values(token, "name", "created_at", "last_used_at") for token in api_tokens],
    }


def _score(post: Post, contest: bool, since) -> dict[str, int | None]:
    """A post's score and votes, or nulls while they are hidden from everyone (services/scores.py)."""
    hidden = score_hidden(contest, post.created_at, since)
    return {name: None if hidden else getattr(post, name) for name in ("score", "upvotes", "downvotes")}


def _values(row: Any, *names: str) -> dict[str, Any]:
    values = {}
    for name in names:
        value = getattr(row, name)
        values[name] = value.isoformat() if isinstance(value, datetime) else value
    return values
