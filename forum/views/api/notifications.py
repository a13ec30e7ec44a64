"""API notifications: the member's notifications and marking them read."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from ...services import notifications
from .base import PageQuery, operation, page_of, per_page
from .schemas import NotificationPageSchema, UnreadSchema

TAG = "notifications"


@operation("/notifications", "GET", tag=TAG, query=PageQuery(), response=NotificationPageSchema(), auth="required")
def list_notifications(query: dict[str, Any]):
    """The member's notifications, newest first, with the unread count

    One item per notification, not grouped: the web page's groups ("3 new replies in …") are the
    items of one `thread_id` of kind reply, mention or followed-thread.
    """
    pagination = notifications.list_notifications(current_user, page=query["page"],
                                                  per_page=per_page(query, "NOTIFICATIONS_PER_PAGE"))
    return {**page_of(pagination), "unread": notifications.unread_count(current_user)}


@operation("/notifications/read", "POST", tag=TAG, response=UnreadSchema(), auth="required")
def mark_all_read():
    """Mark every notification read"""
    notifications.mark_all_read(current_user)
    return {"unread": 0}
