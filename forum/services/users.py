"""Users as others see them: finding them by name, their profile, suspensions and roles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import false, or_, select
from sqlalchemy.orm import joinedload

from ..database import writes
from ..errors import Conflict, Invalid, NotAllowed, NotFound
from ..extensions import db
from ..limits import SUSPENSION_DAYS_MAX, SUSPENSION_DAYS_MIN, out_of_range
from ..models import Post, PostState, Role, Thread, User, utcnow
from ..permissions import MemberActions, can_moderate, can_set_role, can_suspend, is_member, member_actions
from . import scores
from .moderation_log import record_action
from .moderation import check_reason
from .profiles import answer_count
from .visibility import answers_shown, threads_shown


@dataclass(frozen=True)
class PostList:
    """One page of a member's posts, newest first."""

    posts: list[Post]
    page: int
    has_next: bool
    hidden_scores: frozenset[int] = frozenset()  # ids of posts whose score is hidden (services/scores.py)


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
                   answer_count(member), scores.shown_karma(member))


def posts_by(member: User, viewer, *, page: int = 1, per_page: int = 20) -> PostList:
    """``member``'s posts that ``viewer`` may read, newest first, in threads ``viewer`` can see."""
    page = max(1, page)
    states = [PostState.VISIBLE]
    if (is_member(viewer) and viewer.id == member.id) or can_moderate(viewer):
        states.append(PostState.PENDING)
    query = (
        select(Post).join(Thread, Thread.id == Post.thread_id)
        .where(Post.author_id == member.id, Post.state.in_(states), threads_shown(viewer))
        .options(joinedload(Post.thread).joinedload(Thread.article))
        .order_by(Post.created_at.desc(), Post.id.desc())
        .limit(per_page + 1).offset((page - 1) * per_page)
    )
    if not can_moderate(viewer):
        # Answer first: another member's answers stay hidden here too; one's own always show.
        own = Post.author_id == viewer.id if is_member(viewer) else false()
        query = query.where(or_(answers_shown(viewer), own))
    posts = list(db.session.scalars(query))
    since = scores.hidden_since()
    hidden = frozenset(post.id for post in posts if scores.score_hidden(post.thread.contest_mode, post.created_at, since))
    return PostList(posts=posts[:per_page], page=page, has_next=len(posts) > per_page, hidden_scores=hidden)


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
