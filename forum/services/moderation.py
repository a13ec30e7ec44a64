"""Moderator actions on threads, articles and posts, each logged in its own transaction."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..database import writes
from ..errors import Conflict, Invalid, NotAllowed
from ..extensions import db
from ..limits import PENDING_POSTS_PER_PAGE, REASON_MAX, SLOW_MODE_SECONDS_MAX, out_of_range, page_offset, too_long
from ..models import Article, ModerationAction, Post, PostState, Thread, User, utcnow
from ..permissions import can_moderate, can_remove_post, can_restore_post, can_review_post
from .moderation_log import record_action
from . import heat
from .locking import lock_post_thread, lock_threads
from .counters import count_post

REJECTED_REASON = "Not approved by a moderator"
# How a refusal names a thread flag, where the column name would not read as English.
FLAG_WORDS = {"answer_first": "asking for answers first", "contest_mode": "in contest mode"}


def lock_thread(moderator: User, thread: Thread, *, reason: str = "") -> None:
    """No new posts, replies, edits or votes until unlocked; readers see the reason on the thread."""
    _set_thread_flag(moderator, thread, "locked", True, "lock-thread", reason, reason_column="lock_reason")


def unlock_thread(moderator: User, thread: Thread, *, reason: str = "") -> None:
    _set_thread_flag(moderator, thread, "locked", False, "unlock-thread", reason, reason_column="lock_reason")


def pin_thread(moderator: User, thread: Thread, *, reason: str = "") -> None:
    """Pinned threads come first on their article's page."""
    _set_thread_flag(moderator, thread, "pinned", True, "pin-thread", reason)


def unpin_thread(moderator: User, thread: Thread, *, reason: str = "") -> None:
    _set_thread_flag(moderator, thread, "pinned", False, "unpin-thread", reason)


def hide_thread(moderator: User, thread: Thread, *, reason: str = "") -> None:
    """Gone for readers, still there (and marked) for moderators; nothing is deleted."""
    _set_thread_flag(moderator, thread, "hidden", True, "hide-thread", reason)


def unhide_thread(moderator: User, thread: Thread, *, reason: str = "") -> None:
    _set_thread_flag(moderator, thread, "hidden", False, "unhide-thread", reason)


def require_answers_first(moderator: User, thread: Thread, *, reason: str = "") -> None:
    """Answer first: members see the thread's answers only once they have posted their own."""
    _set_thread_flag(moderator, thread, "answer_first", True, "answer-first-on", reason)


def show_answers_to_all(moderator: User, thread: Thread, *, reason: str = "") -> None:
    _set_thread_flag(moderator, thread, "answer_first", False, "answer-first-off", reason)


def start_contest_mode(moderator: User, thread: Thread, *, reason: str = "") -> None:
    """Contest mode: scores hidden and answers shuffled per reader, so early votes do not decide
    which answers are read (services/scores.py)."""
    _set_thread_flag(moderator, thread, "contest_mode", True, "contest-mode-on", reason)


def end_contest_mode(moderator: User, thread: Thread, *, reason: str = "") -> None:
    _set_thread_flag(moderator, thread, "contest_mode", False, "contest-mode-off", reason)


def end_heat(moderator: User, thread: Thread, *, reason: str = "") -> None:
    """End a thread's automatic slow mode now (services/heat.py)."""
    thread, reason = _hot_thread(moderator, thread, reason)
    heat.clear(thread)
    record_action(moderator, "heat-off", thread, reason=reason)
    db.session.commit()


def extend_heat(moderator: User, thread: Thread, *, reason: str = "") -> None:
    """Keep a thread's automatic slow mode on for another ``HEAT_MINUTES``."""
    thread, reason = _hot_thread(moderator, thread, reason)
    minutes = heat.extend(thread)
    record_action(moderator, "heat-extend", thread, reason=_with_detail(f"{minutes} more minutes", reason))
    db.session.commit()


@writes
def set_slow_mode(moderator: User, thread: Thread, *, seconds: int, reason: str = "") -> None:
    """Each member waits ``seconds`` between posts in the thread; 0 turns slow mode off."""
    require_moderator(moderator)
    if not 0 <= seconds <= SLOW_MODE_SECONDS_MAX:
        raise Invalid(out_of_range("seconds", 0, SLOW_MODE_SECONDS_MAX), field="seconds")
    reason = check_reason(reason, required=False)
    if thread.slow_mode_seconds == seconds:
        raise Conflict("Slow mode is already set to that.", field="seconds")
    thread.slow_mode_seconds = seconds
    action = "slow-mode-off" if seconds == 0 else "slow-mode-on"
    record_action(moderator, action, thread, reason=_with_detail(f"{seconds} seconds", reason) if seconds else reason)
    db.session.commit()


@writes
def set_premoderation(moderator: User, article: Article, *, enabled: bool, reason: str = "") -> None:
    """While on, posts of new members under the article wait in the queue for approval."""
    require_moderator(moderator)
    reason = check_reason(reason, required=False)
    if article.premoderation == enabled:
        raise Conflict("Pre-moderation is already " + ("on." if enabled else "off."))
    article.premoderation = enabled
    record_action(moderator, "premoderation-on" if enabled else "premoderation-off", article, reason=reason)
    db.session.commit()


@writes
def remove_post(moderator: User, post: Post, *, reason: str) -> None:
    """Replace a post by "Removed by a moderator: REASON"; the row, body and replies stay.

    Like a deletion by its author, a removal takes the post out of the counts; restoring puts it back.
    """
    mark_removed(moderator, post, reason=reason)
    db.session.commit()


def mark_removed(moderator: User, post: Post, *, reason: str) -> None:
    """Remove and log without committing, for callers that do more in the same transaction."""
    lock_post_thread(post)
    if not can_remove_post(moderator, post):
        raise NotAllowed("Only visible posts can be removed, and only by moderators.")
    post.removal_reason = check_reason(reason, required=True)
    post.state = PostState.REMOVED
    count_post(post, -1)
    record_action(moderator, "remove-post", post, reason=post.removal_reason)


@writes
def restore_post(moderator: User, post: Post, *, reason: str = "") -> None:
    """Bring a removed post back as it was: visible, or pending again if it was rejected."""
    lock_post_thread(post)
    if not can_restore_post(moderator, post):
        raise NotAllowed("Only removed posts can be restored, and only by moderators.")
    reason = check_reason(reason, required=False)
    # A rejected post was never counted, so it goes back to the queue rather than into the counts.
    post.state = PostState.PENDING if _last_removal(post) == "reject-post" else PostState.VISIBLE
    post.removal_reason = None
    if post.state == PostState.VISIBLE:
        count_post(post, 1)
    record_action(moderator, "restore-post", post, reason=reason)
    db.session.commit()


@writes
def approve_post(moderator: User, post: Post, *, reason: str = "") -> None:
    """Publish a pending post and count it, as a new post is counted."""
    lock_post_thread(post)
    if not can_review_post(moderator, post):
        raise NotAllowed("Only pending posts can be approved, and only by moderators.")
    post.state = PostState.VISIBLE
    count_post(post, 1)
    record_action(moderator, "approve-post", post, reason=check_reason(reason, required=False))
    db.session.commit()


@writes
def reject_post(moderator: User, post: Post, *, reason: str = "") -> None:
    """Keep a pending post out of the thread; its author sees why."""
    if not can_review_post(moderator, post):
        raise NotAllowed("Only pending posts can be rejected, and only by moderators.")
    post.removal_reason = check_reason(reason, required=False) or REJECTED_REASON
    post.state = PostState.REMOVED
    record_action(moderator, "reject-post", post, reason=post.removal_reason)
    db.session.commit()


def pending_posts(moderator: User, *, page: int = 1) -> tuple[list[Post], bool]:
    """The approval queue, oldest first, and whether another page follows."""
    require_moderator(moderator)
    posts = list(db.session.scalars(
        select(Post)
        .where(Post.state == PostState.PENDING)
        .options(joinedload(Post.author), joinedload(Post.thread).joinedload(Thread.article))
        .order_by(Post.created_at, Post.id)
        .limit(PENDING_POSTS_PER_PAGE + 1)
        .offset(page_offset(page, PENDING_POSTS_PER_PAGE))
    ))
    return posts[:PENDING_POSTS_PER_PAGE], len(posts) > PENDING_POSTS_PER_PAGE


def check_reason(reason: str | None, *, required: bool) -> str:
    """A reason readers will see: trimmed, bounded, and present where the action needs one."""
    reason = " ".join((reason or "").split())
    if required and not reason:
        raise Invalid("Give a reason; readers will see it.", field="reason")
    if len(reason) > REASON_MAX:
        raise Invalid(too_long("the reason", REASON_MAX), field="reason")
    return reason


@writes
def _set_thread_flag(moderator: User, thread: Thread, flag: str, value: bool, action: str, reason: str, *,
                     reason_column: str | None = None) -> None:
    """Set ``flag`` and log it; ``reason_column`` keeps the reason for readers while the flag is on."""
    require_moderator(moderator)
    reason = check_reason(reason, required=False)
    if getattr(thread, flag) == value:
        state = FLAG_WORDS.get(flag, flag)
        raise Conflict(f"This thread is already {'' if value else 'not '}{state}.")
    setattr(thread, flag, value)
    if reason_column is not None:
        setattr(thread, reason_column, (reason or None) if value else None)
    record_action(moderator, action, thread, reason=reason)
    db.session.commit()


def _hot_thread(moderator: User, thread: Thread, reason: str) -> tuple[Thread, str]:
    """``thread`` locked and read again, while its heat is on; the reason checked."""
    require_moderator(moderator)
    reason = check_reason(reason, required=False)
    thread = lock_threads(thread.id)[0]
    if not thread.heat_on(utcnow()):
        raise Conflict("Automatic slow mode is not on in this thread.")
    return thread, reason


def _last_removal(post: Post) -> str | None:
    return db.session.scalar(
        select(ModerationAction.action)
        .where(ModerationAction.target_type == "post", ModerationAction.target_id == post.id,
               ModerationAction.action.in_(("remove-post", "reject-post")))
        .order_by(ModerationAction.id.desc())
        .limit(1)
    )


def _with_detail(detail: str, reason: str) -> str:
    return f"{detail}: {reason}" if reason else detail


def require_moderator(user: User, *, doing: str = "do that") -> None:
    """Refuse anyone but a moderator: the one check every moderator-only service makes first."""
    if not can_moderate(user):
        raise NotAllowed(f"Only moderators can {doing}.")
