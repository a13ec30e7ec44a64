"""Notifications: the list, opening them, and their settings."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..forms.notifications import MarkReadForm, NotificationSettingsForm
from ..services import notification_groups, notifications

bp = Blueprint("notifications", __name__)


@bp.get("/notifications")
@login_required
def index():
    page = request.args.get("page", 1, type=int)
    pagination = notification_groups.list_groups(current_user, page=max(page, 1), per_page=_per_page())
    return render_template("notifications/index.html", pagination=pagination, form=MarkReadForm())


@bp.post("/notifications/threads/<int:thread_id>/open")
@login_required
def open_group(thread_id: int):
    """Mark a thread's notifications read and go to the first post that was new."""
    if not MarkReadForm().validate_on_submit():
        return redirect(url_for("notifications.index"))
    post_id = notification_groups.mark_group_read(current_user, thread_id)
    return redirect(url_for("posts.show", post_id=post_id), code=303)


@bp.post("/notifications/threads/<int:thread_id>/read")
@login_required
def mark_group_read(thread_id: int):
    if MarkReadForm().validate_on_submit():
        notification_groups.mark_group_read(current_user, thread_id)
    return redirect(url_for("notifications.index", page=request.args.get("page", type=int)), code=303)


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


def settings_context() -> dict[str, Any]:
    """What the notification part of /settings shows the member."""
    return {"form": NotificationSettingsForm(formdata=None, obj=current_user)}


def _per_page() -> int:
    return current_app.config["NOTIFICATIONS_PER_PAGE"]
