"""Notifications, following threads, and the settings for both and for API tokens."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..errors import ForumError
from ..forms.notifications import (
    FollowForm, MarkReadForm, NotificationSettingsForm, TokenCreateForm, TokenRevokeForm,
)
from ..models import Thread
from ..services import follows, notifications, threads, tokens
from .helpers import keep_out_of_caches, wants_fragment

bp = Blueprint("notifications", __name__)


@bp.app_context_processor
def _template_helpers() -> dict[str, Any]:
    return {"follow_form": FollowForm}


@bp.get("/notifications")
@login_required
def index():
    page = request.args.get("page", 1, type=int)
    pagination = notifications.list_notifications(current_user, page=max(page, 1), per_page=_per_page())
    return render_template("notifications/index.html", pagination=pagination, form=MarkReadForm())


@bp.post("/notifications/read")
@login_required
def mark_all_read():
    if MarkReadForm().validate_on_submit():
        notifications.mark_all_read(current_user)
        flash("All notifications are marked read.", "success")
    return redirect(url_for("notifications.index"))


@bp.get("/notifications/<int:notification_id>")
@login_required
def show_notification(notification_id: int):
    """Where the notification leads; it stays unread (opening it is the POST below)."""
    return redirect(_target(notifications.get_notification(current_user, notification_id)))


@bp.post("/notifications/<int:notification_id>/open")
@login_required
def open_notification(notification_id: int):
    if not MarkReadForm().validate_on_submit():
        return redirect(url_for("notifications.index"))
    return redirect(_target(notifications.open_notification(current_user, notification_id)), code=303)


def _target(notification) -> str:
    if notification.post_id:
        return url_for("posts.show", post_id=notification.post_id)
    if notification.thread_id:
        return url_for("threads.show", thread_id=notification.thread_id)
    return url_for("notifications.index")


@bp.post("/threads/<int:thread_id>/follow")
@login_required
def follow(thread_id: int):
    return _set_following(threads.get_thread(thread_id, current_user), follow=True)


@bp.post("/threads/<int:thread_id>/unfollow")
@login_required
def unfollow(thread_id: int):
    return _set_following(threads.get_thread(thread_id, current_user), follow=False)


@bp.post("/settings/notifications")
@login_required
def save_settings():
    form = NotificationSettingsForm()
    if form.validate_on_submit():
        notifications.set_preferences(
            current_user, follow_own_threads=form.follow_own_threads.data,
            follow_replied_threads=form.follow_replied_threads.data,
            email_notifications=form.email_notifications.data,
        )
        flash("Your notification settings are saved.", "success")
    return redirect(url_for("users.settings", _anchor="notification-settings"))


@bp.post("/settings/tokens")
@login_required
def create_token():
    form = TokenCreateForm()
    if not form.validate_on_submit():
        flash(" ".join(message for messages in form.errors.values() for message in messages), "error")
        return redirect(url_for("users.settings", _anchor="api-tokens"))
    raw = tokens.issue_token(current_user, name=form.name.data or "")
    keep_out_of_caches()
    return render_template("notifications/token_created.html", token=raw)


@bp.post("/settings/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    if TokenRevokeForm().validate_on_submit():
        tokens.revoke_token(current_user, token_id)
        flash("The token is revoked.", "success")
    return redirect(url_for("users.settings", _anchor="api-tokens"))


def _set_following(thread: Thread, *, follow: bool):
    try:
        (follows.follow_thread if follow else follows.unfollow_thread)(current_user, thread)
    except ForumError as error:
        flash(error.message, "error")
    if wants_fragment():
        return render_template("notifications/_follow.html", thread=thread,
                               following=follows.is_following(current_user, thread))
    return redirect(url_for("threads.show", thread_id=thread.id))


def settings_context() -> dict[str, Any]:
    """What the notification and token part of /settings shows the member."""
    return {"form": NotificationSettingsForm(formdata=None, obj=current_user),
            "token_form": TokenCreateForm(formdata=None), "revoke_form": TokenRevokeForm(formdata=None),
            "tokens": tokens.list_tokens(current_user)}


def _per_page() -> int:
    return current_app.config["NOTIFICATIONS_PER_PAGE"]
