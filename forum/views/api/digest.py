"""API best answers: featuring an answer (moderators)."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from ...services import digest, posts, records
from .base import ID, operation
from .moderation import ReasonInput
from .post_schemas import PostSchema, node

TAG = "digest"


@operation(f"/posts/<{ID}:post_id>/feature", "POST", tag=TAG, body=ReasonInput(), response=PostSchema(),
           auth="required", errors=(403, 409))
def feature_post(post_id: int, data: dict[str, Any]):
    """Feature a visible answer to a question: picks lead its best answers, oldest pick first (moderators)"""
    post = posts.get_post(post_id, current_user)
    digest.feature_post(current_user, post, reason=data["reason"])
    return node(records.post_record(post, current_user))


@operation(f"/posts/<{ID}:post_id>/unfeature", "POST", tag=TAG, body=ReasonInput(), response=PostSchema(),
           auth="required", errors=(403, 409))
def unfeature_post(post_id: int, data: dict[str, Any]):
    """Take back a featured answer; it then ranks by its votes (moderators)"""
    post = posts.get_post(post_id, current_user)
    digest.unfeature_post(current_user, post, reason=data["reason"])
    return node(records.post_record(post, current_user))
