"""A member's moderation: suspending and unsuspending them, making and revoking moderators."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, url_for
from flask_login import current_user

from ..forms.moderation import ModerationForm, SuspendForm
from ..services import users
from .helpers import moderator_required
from .moderation import run_action

bp = Blueprint("member_moderation", __name__)


@bp.post("/u/<username>/suspend")
@moderator_required
def suspend_user(username: str):
    user = users.get_user(username)
    form = SuspendForm(prefix="suspend")
    return run_action(form, lambda: users.suspend_user(current_user, user, days=form.days.data,
                                                       reason=form.reason.data),
                      back=url_for("users.profile", username=user.username),
                      done=f"{user.username} is suspended.", button="Suspend")


def _member_action(username: str, verb: str, service: Callable, *, done: str, button: str):
    user = users.get_user(username)
    form = ModerationForm(prefix=verb)
    return run_action(form, lambda: service(current_user, user, reason=form.reason.data),
                      back=url_for("users.profile", username=user.username), done=done, button=button)


@bp.post("/u/<username>/unsuspend")
@moderator_required
def unsuspend_user(username: str):
    return _member_action(username, "unsuspend", users.unsuspend_user, done="The suspension has ended.",
                          button="Unsuspend")


@bp.post("/u/<username>/grant-moderator")
@moderator_required
def grant_moderator(username: str):
    return _member_action(username, "grant-moderator", users.grant_moderator, done="They are a moderator now.",
                          button="Make moderator")


@bp.post("/u/<username>/revoke-moderator")
@moderator_required
def revoke_moderator(username: str):
    return _member_action(username, "revoke-moderator", users.revoke_moderator, done="They are a member again.",
                          button="Revoke moderator")
