"""Users as others see them: finding them by name, their profile, suspensions and roles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from ..database import writes
from ..errors import Conflict, Invalid, NotAllowed, NotFound
from ..extensions import db
from ..limits import SUSPENSION_DAYS_MAX, SUSPENSION_DAYS_MIN, out_of_range
from ..models import Role, User, utcnow
from ..permissions import MemberActions, can_set_role, can_suspend, member_actions
from .moderation_log import record_action
from .moderation import check_reason
from .posts import PostList, posts_by
from .profiles import answer_count
from .scores import shown_karma


@dataclass(frozen=True)
class Profile:
    """A member's profile as one viewer sees it: the posts they may read and what they may do to the member."""

    user: User
    posts: PostList
    suspended: bool
    allowed: MemberActions
    answers: int
    karma: int  # as readers see it: hidden scores count once they show (scores.shown_karma)


def find_user(username: str) -> User | None:
    """The account of ``username``, a deleted one too: its name stays taken."""
    return db.session.scalar(select(User).where(User.username_key == username.strip().lower()))


def get_user(username: str) -> User:
    user = find_user(username)
    if user is None or user.deleted_at is not None:
        raise NotFound("There is no member by that name.")
    return user


def read_profile(member: User, viewer, *, page: int = 1) -> Profile:
    return Profile(member, posts_by(member, viewer, page=page), member.is_suspended(), member_actions(viewer, member),
                   answer_count(member), shown_karma(member))


@writes
def suspend_user(moderator: User, user: User, *, days: int, reason: str) -> None:
    """The member can log in and read, not post, vote or report, until the days run out.

    Every session of theirs ends (DESIGN §10): on logging in again they see why, and until when.
    """
    if not can_suspend(moderator, user):
        raise NotAllowed("Moderators can suspend members and moderators, but not admins or themselves.")
    if not isinstance(days, int) or not SUSPENSION_DAYS_MIN <= days <= SUSPENSION_DAYS_MAX:
        raise Invalid(out_of_range("days", SUSPENSION_DAYS_MIN, SUSPENSION_DAYS_MAX), field="days")
    reason = check_reason(reason, required=True)
    user.suspended_until = utcnow() + timedelta(days=days)
    user.suspension_reason = reason
    user.session_generation += 1
    record_action(moderator, "suspend-user", user, reason=f"{days} {'day' if days == 1 else 'days'}: {reason}")
    db.session.commit()


@writes
def unsuspend_user(moderator: User, user: User, *, reason: str = "") -> None:
    """End a suspension early."""
    if not can_suspend(moderator, user):
        raise NotAllowed("Moderators can unsuspend members and moderators, but not admins or themselves.")
    if not user.is_suspended():
        raise Conflict(f"{user.username} is not suspended.")
    user.suspended_until = None
    user.suspension_reason = None
    record_action(moderator, "unsuspend-user", user, reason=check_reason(reason, required=False))
    db.session.commit()


def grant_moderator(admin: User, user: User, *, reason: str = "") -> None:
    """Make a member a moderator; only admins may."""
    _change_role(admin, user, Role.MEMBER, Role.MODERATOR, "grant-moderator", reason)


def revoke_moderator(admin: User, user: User, *, reason: str = "") -> None:
    """Make a moderator a member again; admins keep their role (see `forum set-role`)."""
    _change_role(admin, user, Role.MODERATOR, Role.MEMBER, "revoke-moderator", reason)


@writes
def _change_role(admin: User, user: User, before: str, after: str, action: str, reason: str) -> None:
    if not can_set_role(admin, user):
        raise NotAllowed("Only admins can change roles, and not their own.")
    if user.role != before:
        raise Conflict(f"{user.username} is a {user.role}, not a {before}.")
    user.role = after
    record_action(admin, action, user, reason=check_reason(reason, required=False))
    db.session.commit()


@writes
def set_role(user: User, role: str) -> None:
    """Give any role, with no actor to check or log: the `forum set-role` command's way in."""
    if role not in set(Role):
        raise Invalid(f"Unknown role {role!r}; use member, moderator or admin.", field="role")
    user.role = role
    db.session.commit()
