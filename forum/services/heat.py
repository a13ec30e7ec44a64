"""Heat handling: a thread that boils over slows itself down (issue 13).

More than ``HEAT_POSTS`` posts within ``HEAT_WINDOW_MINUTES``, or ``HEAT_REPORTS`` open reports
on its posts, put a thread in automatic slow mode for ``HEAT_MINUTES``: one post per member
every ``HEAT_SLOW_SECONDS``. At twice the report threshold, new members' posts there wait for
approval too (``is_new_member``). Each is checked by the write that could cross it, holding
the thread's lock (services/locking.py), so a burst from many members starts heat once.

It ends with time alone: readers compute it from ``Thread.heat_until`` (``Thread.heat_on``),
and its end is logged by the next write that checks the thread or by ``forum tick``, whichever
comes first (DESIGN §11). Moderators end or extend it. Automatic actions are logged by
"Agora (automatic)" with their numbers, and never weaken a moderator's setting: the manual slow
mode and heat's combine by taking the longer wait.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from ..extensions import db
from ..limits import HEAT_WINDOW_MINUTES
from ..models import Post, Report, ReportStatus, Thread, User, utcnow
from ..permissions import can_moderate
from .locking import lock_threads
from .moderation_log import record_action


@dataclass(frozen=True)
class HeatState:
    """Automatic slow mode as readers see it: until when, why, the wait, and whether new members' posts wait."""

    until: datetime
    reason: str
    slow_seconds: int
    approval: bool


def state_of(thread: Thread, now: datetime | None = None) -> HeatState | None:
    """``thread``'s heat at ``now``, or None when it is off (or ended with time, logged or not)."""
    if not thread.heat_on(now or utcnow()):
        return None
    return HeatState(until=thread.heat_until, reason=thread.heat_reason or "",
                     slow_seconds=current_app.config["HEAT_SLOW_SECONDS"], approval=thread.heat_approval)


def slow_seconds(thread: Thread, now: datetime) -> int:
    """The wait between one member's posts in ``thread``: the moderator's slow mode or heat's, the longer."""
    heat = current_app.config["HEAT_SLOW_SECONDS"] if thread.heat_on(now) else 0
    return max(thread.slow_mode_seconds, heat)


def is_new_member(user: User) -> bool:
    """A newcomer, as the code already knows one: an account younger than ``NEW_ACCOUNT_AGE`` (which
    lengthens the wait between posts) or with fewer counted posts than pre-moderation's
    ``PREMODERATION_MIN_APPROVED_POSTS``."""
    config = current_app.config
    return (user.created_at > utcnow() - config["NEW_ACCOUNT_AGE"]
            or user.post_count < config["PREMODERATION_MIN_APPROVED_POSTS"])


def holds_for_approval(author: User, thread: Thread, now: datetime) -> bool:
    """Whether heat makes ``author``'s post in ``thread`` wait for a moderator."""
    return thread.heat_approval and thread.heat_on(now) and not can_moderate(author) and is_new_member(author)


def after_post(thread: Thread, now: datetime) -> None:
    """Count the thread's pace once a new post is flushed; call holding the thread's lock, no commit."""
    settle(thread, now)
    limit = current_app.config["HEAT_POSTS"]
    if limit <= 0 or thread.heat_on(now):
        return
    since = now - timedelta(minutes=HEAT_WINDOW_MINUTES)
    # The (limit + 1)-th newest post, read from the (thread_id, created_at) index: no count of a long thread.
    edge = db.session.scalar(select(Post.created_at).where(Post.thread_id == thread.id)
                             .order_by(Post.created_at.desc()).offset(limit).limit(1))
    if edge is None or edge < since:
        return
    count = db.session.scalar(select(func.count()).select_from(Post)
                              .where(Post.thread_id == thread.id, Post.created_at >= since))
    _start(thread, now, f"{count} posts in {HEAT_WINDOW_MINUTES} minutes")


def after_report(thread: Thread, now: datetime) -> None:
    """Count the thread's open reports once a new one is flushed; call holding the thread's lock, no commit."""
    settle(thread, now)
    limit = current_app.config["HEAT_REPORTS"]
    if limit <= 0:
        return
    count = db.session.scalar(select(func.count()).select_from(Report).join(Post, Post.id == Report.post_id)
                              .where(Post.thread_id == thread.id, Report.status == ReportStatus.OPEN))
    if count < limit:
        return
    reason = f"{count} open reports"
    if not thread.heat_on(now):
        _start(thread, now, reason)
    if count >= 2 * limit and not thread.heat_approval:
        thread.heat_approval = True
        record_action(None, "heat-approval", thread, automatic=True,
                      reason=f"{reason}: new members' posts wait for approval until slow mode ends")


def settle(thread: Thread, now: datetime) -> None:
    """Log the end of a heat that ran out of time, once; no commit."""
    if thread.heat_until is not None and not thread.heat_on(now):
        clear(thread)
        record_action(None, "heat-off", thread, automatic=True, reason="Its time was up")


def end_expired() -> int:
    """``forum tick``: log the end of every heat that ran out of time; commits; how many ended."""
    now = utcnow()
    ids = list(db.session.scalars(select(Thread.id).where(Thread.heat_until <= now)))
    if not ids:
        return 0
    for thread in lock_threads(*ids):  # threads first, lowest id first: locking.py's order
        settle(thread, now)
    db.session.commit()
    return len(ids)


def extend(thread: Thread) -> int:
    """Keep ``thread``'s heat on for another ``HEAT_MINUTES``; the minutes added. No commit."""
    minutes = current_app.config["HEAT_MINUTES"]
    thread.heat_until = thread.heat_until + timedelta(minutes=minutes)
    return minutes


def clear(thread: Thread) -> None:
    """Heat off, approvals included; the caller logs why. No commit."""
    thread.heat_until = thread.heat_reason = None
    thread.heat_approval = False


def _start(thread: Thread, now: datetime, reason: str) -> None:
    config = current_app.config
    minutes, seconds = config["HEAT_MINUTES"], config["HEAT_SLOW_SECONDS"]
    if minutes <= 0 or seconds <= 0:
        return
    thread.heat_until, thread.heat_reason = now + timedelta(minutes=minutes), reason
    record_action(None, "heat-on", thread, automatic=True,
                  reason=f"{reason}: one post every {seconds} seconds per member for {minutes} minutes")

