"""How much waits in the moderators' queues: the counts the header shows beside "Reports" and "Queue"."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import distinct, func, select

from ..extensions import db
from ..models import Post, PostState, Report, ReportStatus


@dataclass(frozen=True)
class QueueCounts:
    reports: int  # posts with open reports: the report queue's entries
    waiting: int  # posts awaiting approval


def queue_counts() -> QueueCounts:
    """Both counts in one query, whatever the size of the queues."""
    reports = select(func.count(distinct(Report.post_id))).where(Report.status == ReportStatus.OPEN)
    waiting = select(func.count(Post.id)).where(Post.state == PostState.PENDING)
    row = db.session.execute(select(reports.scalar_subquery(), waiting.scalar_subquery())).one()
    return QueueCounts(reports=row[0] or 0, waiting=row[1] or 0)
