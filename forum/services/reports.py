"""Reports: members flag posts, moderators resolve or dismiss them from one queue."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..database import writes
from ..errors import Conflict, Invalid, NotAllowed
from ..extensions import db
from ..limits import REPORT_DETAILS_MAX, REPORT_GROUPS_PER_PAGE, page_offset, too_long
from ..models import Post, Report, ReportReason, ReportStatus, Thread, User, utcnow
from ..permissions import can_report
from . import heat, throttle
from .locking import lock_post_thread
from .moderation_log import record_action
from .moderation import check_reason, mark_removed, require_moderator
from .records import PostRecord, post_records, report_record

ALREADY_REPORTED = "You have already reported this post; a moderator will look at it."
REPORTS_THROTTLED = "Too many reports at once. Try again in {wait}."


@dataclass
class ReportGroup:
    """The open reports on one post, with the post and the one it answers as the moderator sees them."""

    post: PostRecord
    parent: PostRecord | None
    reports: list[SimpleNamespace] = field(default_factory=list)  # records.report_record


@writes
def file_report(reporter: User, post: Post, *, reason: str, details: str = "") -> Report:
    """One open report per member and post; "other" needs a few words of details; limited per member."""
    if not can_report(reporter, post):
        raise NotAllowed("You cannot report this post.")
    if reason not in set(ReportReason):
        raise Invalid("Choose a reason from the list.", field="reason")
    details = (details or "").strip()
    if reason == ReportReason.OTHER and not details:
        raise Invalid("Say what is wrong with the post.", field="details")
    if len(details) > REPORT_DETAILS_MAX:
        raise Invalid(too_long("the details", REPORT_DETAILS_MAX), field="details")
    # The thread first (locking.py's order): its open reports are counted for heat, once per crossing.
    thread = lock_post_thread(post)
    if _open_report_of(reporter, post) is not None:
        raise Conflict(ALREADY_REPORTED, field="reason")
    throttle.hit(current_app.config["REPORT_LIMIT_PER_MEMBER"], "report", str(reporter.id),
                 message=REPORTS_THROTTLED, field="reason")
    report = Report(post=post, reporter=reporter, reason=reason, details=details)
    db.session.add(report)
    try:
        db.session.flush()
        heat.after_report(thread, utcnow())
        db.session.commit()
    except IntegrityError:
        # Two submissions at once: the unique index on open reports let one through.
        db.session.rollback()
        raise Conflict(ALREADY_REPORTED, field="reason") from None
    return report


@writes
def resolve_report(moderator: User, report: Report, *, remove: bool = False, reason: str = "") -> None:
    """Close every open report on the report's post, removing the post when asked."""
    _require_open(moderator, report)
    if remove:
        mark_removed(moderator, report.post, reason=reason)
    else:
        record_action(moderator, "resolve-reports", report.post, reason=check_reason(reason, required=False))
    _close_reports(moderator, report.post, ReportStatus.RESOLVED)
    db.session.commit()


@writes
def dismiss_report(moderator: User, report: Report, *, reason: str = "") -> None:
    """Close every open report on the report's post and leave the post as it is."""
    _require_open(moderator, report)
    record_action(moderator, "dismiss-reports", report.post, reason=check_reason(reason, required=False))
    _close_reports(moderator, report.post, ReportStatus.DISMISSED)
    db.session.commit()


def open_report_groups(moderator: User, *, page: int = 1) -> tuple[list[ReportGroup], bool]:
    """Open reports grouped by post, most reported first, in a fixed number of queries."""
    require_moderator(moderator, doing="work the report queue")
    ranked = (
        select(Report.post_id)
        .where(Report.status == ReportStatus.OPEN)
        .group_by(Report.post_id)
        .order_by(func.count(Report.id).desc(), func.min(Report.id))
        .limit(REPORT_GROUPS_PER_PAGE + 1)
        .offset(page_offset(page, REPORT_GROUPS_PER_PAGE))
    )
    post_ids = list(db.session.scalars(ranked))
    has_more = len(post_ids) > REPORT_GROUPS_PER_PAGE
    post_ids = post_ids[:REPORT_GROUPS_PER_PAGE]
    posts = {p.id: p for p in db.session.scalars(
        select(Post).where(Post.id.in_(post_ids))
        .options(joinedload(Post.author), joinedload(Post.thread).joinedload(Thread.article))
    )}
    parent_ids = {p.parent_id for p in posts.values() if p.parent_id}
    parents = list(db.session.scalars(
        select(Post).where(Post.id.in_(parent_ids))
        .options(joinedload(Post.author), joinedload(Post.thread).joinedload(Thread.article))))
    seen = {record.id: record for record in post_records([*posts.values(), *parents], moderator)}
    groups = {pid: ReportGroup(post=seen[pid], parent=seen.get(posts[pid].parent_id)) for pid in post_ids}
    for report in db.session.scalars(
        select(Report).where(Report.post_id.in_(post_ids), Report.status == ReportStatus.OPEN)
        .options(joinedload(Report.reporter)).order_by(Report.id)
    ):
        groups[report.post_id].reports.append(report_record(report))
    return list(groups.values()), has_more


def open_report_count() -> int:
    return db.session.scalar(select(func.count(Report.id)).where(Report.status == ReportStatus.OPEN)) or 0


def _open_report_of(reporter: User, post: Post) -> Report | None:
    return db.session.scalar(select(Report).where(
        Report.post_id == post.id, Report.reporter_id == reporter.id, Report.status == ReportStatus.OPEN))


def _close_reports(moderator: User, post: Post, status: str) -> None:
    db.session.execute(
        update(Report)
        .where(Report.post_id == post.id, Report.status == ReportStatus.OPEN)
        .values(status=status, handled_by_id=moderator.id, handled_at=utcnow())
    )


def _require_open(moderator: User, report: Report) -> None:
    require_moderator(moderator, doing="work the report queue")
    if report.status != ReportStatus.OPEN:
        raise Conflict("Another moderator has already handled this report.")

