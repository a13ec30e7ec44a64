"""API members: suspending members and granting or revoking the moderator role."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from marshmallow import validate

from ...limits import SUSPENSION_DAYS_MAX, SUSPENSION_DAYS_MIN, out_of_range
from ...services import accounts, members
from .base import StrictInteger, operation
from .moderation import TAG, ReasonInput, RequiredReasonInput
from .schemas import UserSchema


class SuspendInput(RequiredReasonInput):
    days = StrictInteger(required=True, validate=validate.Range(
        min=SUSPENSION_DAYS_MIN, max=SUSPENSION_DAYS_MAX,
        error=out_of_range("days", SUSPENSION_DAYS_MIN, SUSPENSION_DAYS_MAX)))


@operation("/users/<username>/suspend", "POST", tag=TAG, body=SuspendInput(), response=UserSchema(),
           auth="required", errors=(403,))
def suspend_user(username: str, data: dict[str, Any]):
    """Suspend a member for some days: they can read, not post, vote or report (moderators)"""
    user = accounts.get_user(username)
    members.suspend_user(current_user, user, days=data["days"], reason=data["reason"])
    return user


@operation("/users/<username>/unsuspend", "POST", tag=TAG, body=ReasonInput(), response=UserSchema(),
           auth="required", errors=(403, 409))
def unsuspend_user(username: str, data: dict[str, Any]):
    """End a suspension early (moderators)"""
    user = accounts.get_user(username)
    members.unsuspend_user(current_user, user, reason=data["reason"])
    return user


@operation("/users/<username>/grant-moderator", "POST", tag=TAG, body=ReasonInput(), response=UserSchema(),
           auth="required", errors=(403, 409))
def grant_moderator(username: str, data: dict[str, Any]):
    """Make a member a moderator (admins)"""
    user = accounts.get_user(username)
    members.grant_moderator(current_user, user, reason=data["reason"])
    return user


@operation("/users/<username>/revoke-moderator", "POST", tag=TAG, body=ReasonInput(), response=UserSchema(),
           auth="required", errors=(403, 409))
def revoke_moderator(username: str, data: dict[str, Any]):
    """Make a moderator a member again (admins)"""
    user = accounts.get_user(username)
    members.revoke_moderator(current_user, user, reason=data["reason"])
    return user
