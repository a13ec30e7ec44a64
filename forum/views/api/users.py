"""API users: the member's own profile and settings, others' profiles, suspensions and the moderator role."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from marshmallow import Schema, fields, validate

from ...limits import PASSWORD_MAX, SUSPENSION_DAYS_MAX, SUSPENSION_DAYS_MIN, out_of_range
from ...services import account_deletion, notifications, users
from ...services.scores import shown_karma
from .base import StrictBoolean, StrictInteger, operation
from .moderation import TAG as MODERATION_TAG, ReasonInput, RequiredReasonInput
from .schemas import MeSchema, ProfileSchema, UserSchema

TAG = "users"


class PreferencesInput(Schema):
    follow_own_threads = StrictBoolean()
    follow_replied_threads = StrictBoolean()
    email_notifications = StrictBoolean()


class SuspendInput(RequiredReasonInput):
    days = StrictInteger(required=True, validate=validate.Range(
        min=SUSPENSION_DAYS_MIN, max=SUSPENSION_DAYS_MAX,
        error=out_of_range("days", SUSPENSION_DAYS_MIN, SUSPENSION_DAYS_MAX)))


@operation("/users/<username>/suspend", "POST", tag=MODERATION_TAG, body=SuspendInput(), response=UserSchema(),
           auth="required", errors=(403,))
def suspend_user(username: str, data: dict[str, Any]):
    """Suspend a member for some days: they can read, not post, vote or report (moderators)"""
    user = users.get_user(username)
    users.suspend_user(current_user, user, days=data["days"], reason=data["reason"])
    return user


@operation("/users/<username>/unsuspend", "POST", tag=MODERATION_TAG, body=ReasonInput(), response=UserSchema(),
           auth="required", errors=(403, 409))
def unsuspend_user(username: str, data: dict[str, Any]):
    """End a suspension early (moderators)"""
    user = users.get_user(username)
    users.unsuspend_user(current_user, user, reason=data["reason"])
    return user


@operation("/users/<username>/grant-moderator", "POST", tag=MODERATION_TAG, body=ReasonInput(), response=UserSchema(),
           auth="required", errors=(403, 409))
def grant_moderator(username: str, data: dict[str, Any]):
    """Make a member a moderator (admins)"""
    user = users.get_user(username)
    users.grant_moderator(current_user, user, reason=data["reason"])
    return user


@operation("/users/<username>/revoke-moderator", "POST", tag=MODERATION_TAG, body=ReasonInput(), response=UserSchema(),
           auth="required", errors=(403, 409))
def revoke_moderator(username: str, data: dict[str, Any]):
    """Make a moderator a member again (admins)"""
    user = users.get_user(username)
    users.revoke_moderator(current_user, user, reason=data["reason"])
    return user


@operation("/users/me", "GET", tag=TAG, response=MeSchema(), auth="required")
def me():
    """The member the token or session belongs to, with their settings"""
    return _me()


@operation("/users/me", "PATCH", tag=TAG, body=PreferencesInput(), response=MeSchema(), auth="required")
def update_me(data: dict[str, Any]):
    """Change notification and follow settings"""
    notifications.set_preferences(current_user, **data)
    return _me()


class DeleteAccountInput(Schema):
    password = fields.String(required=True, validate=validate.Length(min=1, max=PASSWORD_MAX))
    posts = fields.String(required=True, validate=validate.OneOf(list(account_deletion.PostsChoice)), metadata={
        "description": "`keep`: the posts stay, by “[deleted]”; `remove`: their text goes too"})


@operation("/users/me/deletion", "POST", tag=TAG, body=DeleteAccountInput(), status=204, auth="required")
def delete_me(data: dict[str, Any]):
    """Delete my account, confirmed with my password

    Every session and token ends, votes are withdrawn, follows and notifications go, and the
    public moderation log says so. Nothing can undo it: `/settings/data.json` is the member's copy.
    """
    account_deletion.delete_account(current_user._get_current_object(), password=data["password"], posts=data["posts"])


@operation("/users/<username>", "GET", tag=TAG, response=ProfileSchema(), auth="optional")
def profile(username: str):
    """A member's public profile, and what the caller may do to them (suspend, roles)"""
    return users.read_profile(users.get_user(username), current_user)


def _me() -> dict[str, Any]:
    user = current_user._get_current_object()
    fields_ = {name: getattr(user, name) for name in MeSchema().fields if name not in ("karma", "unread_notifications")}
    return {**fields_, "karma": shown_karma(user), "unread_notifications": notifications.unread_count(user)}
