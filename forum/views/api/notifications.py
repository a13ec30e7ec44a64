"""API notifications and follows: the member's notifications, marking them read, following threads."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from ...services import follows, notifications, threads
from .base import ID, PageQuery, operation, page_of, per_page
from .schemas import FollowingSchema, NotificationPageSchema, UnreadSchema

TAG = "notifications"


@operation("/notifications", "GET", tag=TAG, query=PageQuery(), response=NotificationPageSchema(), auth="required")
def list_notifications(query: dict[str, Any]):
    """The member's notifications, newest first, with the unread count"""
    pagination = notifications.list_notifications(current_user, page=query["page"],
                                                  per_page=per_page(query, "NOTIFICATIONS_PER_PAGE"))
    return {**page_of(pagination), "unread": notifications.unread_count(current_user)}


@operation("/notifications/read", "POST", tag=TAG, response=UnreadSchema(), auth="required")
def mark_all_read():
    """Mark every notification read"""
    notifications.mark_all_read(current_user)
    return {"unread": 0}


@operation(f"/threads/<{ID}:thread_id>/follow", "PUT", tag=TAG, response=FollowingSchema(), auth="required")
def follow_thread(thread_id: int):
    """Follow a thread: hear of every new post in it"""
    follows.follow_thread(current_user, threads.get_thread(thread_id, current_user))
    return {"thread_id": thread_id, "following": True}


@operation(f"/threads/<{ID}:thread_id>/follow", "DELETE", tag=TAG, response=FollowingSchema(), auth="required")
def unfollow_thread(thread_id: int):
    """Stop following a thread"""
    follows.unfollow_thread(current_user, threads.get_thread(thread_id, current_user))
    return {"thread_id": thread_id, "following": False}
