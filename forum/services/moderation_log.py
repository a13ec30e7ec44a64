"""The moderation log: writing one append-only row per moderator action, and reading it (entries, filters, names)."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..limits import LOG_ENTRIES_PER_PAGE, LOG_LABEL_MAX, page_offset
from ..models import Article, ModerationAction, Post, Thread, User
from ..permissions import can_see_moderators
from .notifications import notify_moderation_action
from .page_versions import pages_showing
from .records import name_of, person

TargetLike = Article | Thread | Post | User


def record_action(actor: User | None, action: str, target: TargetLike, *, reason: str = "",
                  label: str | None = None, automatic: bool = False) -> ModerationAction:
    """Add a log row to the current transaction; the caller's commit makes it stick.

    ``label`` names the target where ``describe`` would say too little (a move names both threads).
    ``automatic``: Agora itself acted (heat handling), shown as ``AUTOMATIC_ACTOR``; ``actor`` is None.
    """
    entry = ModerationAction(
        actor=actor,
        action=action,
        target_type=_target_type(target),
        target_id=target.id,
        target_label=(label or describe(target))[:LOG_LABEL_MAX],
        reason=reason,
        automatic=automatic,
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


AUTOMATIC_ACTOR = "Agora (automatic)"
ACTION_NAMES = {
    "lock-thread": "Locked thread",
    "answer-first-on": "Required answers first",
    "answer-first-off": "Showed answers to all",
    "unlock-thread": "Unlocked thread",
    "pin-thread": "Pinned thread",
    "unpin-thread": "Unpinned thread",
    "hide-thread": "Hid thread",
    "unhide-thread": "Unhid thread",
    "slow-mode-on": "Set slow mode",
    "slow-mode-off": "Ended slow mode",
    "contest-mode-on": "Started contest mode",
    "contest-mode-off": "Ended contest mode",
    "heat-on": "Slow mode started",
    "heat-approval": "Held new members' posts",
    "heat-extend": "Extended slow mode",
    "heat-off": "Slow mode ended",
    "close-article": "Closed discussion",
    "reopen-article": "Reopened discussion",
    "premoderation-on": "Turned on pre-moderation",
    "premoderation-off": "Turned off pre-moderation",
    "delete-article": "Deleted article",
    "restore-article": "Restored article",
    "remove-post": "Removed post",
    "restore-post": "Restored post",
    "approve-post": "Approved post",
    "reject-post": "Rejected post",
    "feature-post": "Featured answer",
    "unfeature-post": "Unfeatured answer",
    "move-post": "Moved an answer",
    "merge-thread": "Merged thread",
    "resolve-reports": "Resolved reports",
    "dismiss-reports": "Dismissed reports",
    "suspend-user": "Suspended member",
    "delete-account": "Deleted their account",
    "unsuspend-user": "Unsuspended member",
    "grant-moderator": "Made moderator",
    "revoke-moderator": "Revoked moderator",
}
TARGET_TYPES = ("article", "thread", "post", "user")
ENTRY_FIELDS = ("id", "action", "target_type", "target_id", "target_label", "reason", "created_at", "automatic")


@dataclass(frozen=True)
class LogPage:
    """One page of the log as ``viewer`` may read it: ``entries`` name their moderator
    (``actor``) only when ``shows_moderators``; otherwise ``actor`` is None. ``by`` is
    "Agora (automatic)" for what Agora did itself, for everyone, else the moderator's name or None."""

    entries: list[SimpleNamespace]
    has_next: bool
    shows_moderators: bool


def log_entries(viewer, *, action: str | None = None, target_type: str | None = None,
                target_id: int | None = None, page: int = 1) -> LogPage:
    """Newest first, optionally of one action or one target.

    Unknown filters match nothing rather than everything, so a typo never looks like the full log.
    """
    query = select(ModerationAction).options(joinedload(ModerationAction.actor))
    if action:
        query = query.where(ModerationAction.action == action)
    if target_type:
        query = query.where(ModerationAction.target_type == target_type)
    if target_id is not None:
        query = query.where(ModerationAction.target_id == target_id)
    query = query.order_by(ModerationAction.id.desc()).limit(LOG_ENTRIES_PER_PAGE + 1)
    found = list(db.session.scalars(query.offset(page_offset(page, LOG_ENTRIES_PER_PAGE))))
    shows_moderators = can_see_moderators(viewer)
    entries = [SimpleNamespace(**{name: getattr(entry, name) for name in ENTRY_FIELDS},
                               actor=person(entry.actor) if shows_moderators else None,
                               by=_by(entry, shows_moderators))
               for entry in found[:LOG_ENTRIES_PER_PAGE]]
    return LogPage(entries, len(found) > LOG_ENTRIES_PER_PAGE, shows_moderators)


def _by(entry: ModerationAction, shows_moderators: bool) -> str | None:
    """Who acted, as ``viewer`` may read it: Agora itself for everyone, a moderator for moderators."""
    if entry.automatic:
        return AUTOMATIC_ACTOR
    return name_of(entry.actor) if shows_moderators and entry.actor is not None else None


def action_name(action: str) -> str:
    return ACTION_NAMES.get(action, action.replace("-", " ").capitalize())
