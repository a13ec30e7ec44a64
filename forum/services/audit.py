"""The moderation log: one append-only row per moderator action."""

from __future__ import annotations

from ..extensions import db
from ..limits import LOG_LABEL_MAX
from ..models import Article, ModerationAction, Post, Thread, User
from .notifications import notify_moderation_action
from .page_versions import pages_showing

TargetLike = Article | Thread | Post | User


def record_action(actor: User | None, action: str, target: TargetLike, *, reason: str = "",
                  label: str | None = None) -> ModerationAction:
    """Add a log row to the current transaction; the caller's commit makes it stick.

    ``label`` names the target where ``describe`` would say too little (a move names both threads).
    """
    entry = ModerationAction(
        actor=actor,
        action=action,
        target_type=_target_type(target),
        target_id=target.id,
        target_label=(label or describe(target))[:LOG_LABEL_MAX],
        reason=reason,
    )
    db.session.add(entry)
    # Every moderator action may change what the target's pages show.
    pages_showing(target)
    notify_moderation_action(actor, action, target, reason=reason)
    return entry


def describe(target: TargetLike) -> str:
    """How the public log names a target, as it was at the time of the action."""
    if isinstance(target, Article):
        return f"article “{target.title}”"
    if isinstance(target, Thread):
        return f"thread “{target.title}”"
    if isinstance(target, Post):
        author = target.author.username if target.author else "a former member"
        return f"post #{target.id} by {author} in “{target.thread.title}”"
    return f"member {target.username}"


def _target_type(target: TargetLike) -> str:
    return {Article: "article", Thread: "thread", Post: "post", User: "user"}[type(target)]
