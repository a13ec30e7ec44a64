"""What moderators see of a member on the profile: removed posts, reports made and received, moderation history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..limits import USER_RECORD_ROWS
from ..models import ModerationAction, Post, PostState, Report, Thread, User
from ..permissions import can_see_user_record
from .moderation_log import action_name
from .records import name_of, report_record
from .visibility import threads_shown


@dataclass(frozen=True)
class UserRecord:
    """The latest ``USER_RECORD_ROWS`` of each list, newest first."""

    removed_posts: list[Post]
    reports_made: list[SimpleNamespace]  # records.report_record
    reports_received: list[SimpleNamespace]
    history: list[HistoryEntry]


@dataclass(frozen=True)
class HistoryEntry:
    """A log row on the member or one of their posts, named as the log names it, with who acted."""

    action: str
    target: str
    reason: str
    actor: str
    created_at: datetime


def user_record(member: User, viewer) -> UserRecord | None:
    """``member``'s record for a moderator, in four queries however long it is; None for anyone else."""
    if not can_see_user_record(viewer):
        return None
    removed = select(Post).join(Thread, Thread.id == Post.thread_id).where(
        Post.author_id == member.id, Post.state == PostState.REMOVED, threads_shown(viewer),
    ).options(joinedload(Post.thread)).order_by(Post.created_at.desc(), Post.id.desc())
    reports = select(Report).join(Post, Post.id == Report.post_id).join(Thread, Thread.id == Post.thread_id).where(
        threads_shown(viewer)).options(
        joinedload(Report.post).joinedload(Post.author), joinedload(Report.reporter),
    ).order_by(Report.created_at.desc(), Report.id.desc())
    on_member = or_(
        and_(ModerationAction.target_type == "user", ModerationAction.target_id == member.id),
        and_(ModerationAction.target_type == "post",
             ModerationAction.target_id.in_(select(Post.id).where(Post.author_id == member.id))),
    )
    history = select(ModerationAction).where(on_member).options(joinedload(ModerationAction.actor)).order_by(
        ModerationAction.created_at.desc(), ModerationAction.id.desc())
    return UserRecord(
        removed_posts=_latest(removed),
        reports_made=[report_record(report) for report in _latest(reports.where(Report.reporter_id == member.id))],
        reports_received=[report_record(report) for report in _latest(reports.where(Post.author_id == member.id))],
        history=[HistoryEntry(action_name(entry.action), entry.target_label, entry.reason, name_of(entry.actor),
                              entry.created_at)
                 for entry in _latest(history)],
    )


def _latest(query) -> list:
    return list(db.session.scalars(query.limit(USER_RECORD_ROWS)).unique())
