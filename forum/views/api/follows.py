"""API follows: following a thread, and no longer following it."""

from __future__ import annotations

from flask_login import current_user

from ...services import follows, threads
from .base import ID, operation
from .schemas import FollowingSchema

TAG = "follows"


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
