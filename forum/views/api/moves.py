"""API moderation: moving a post to another thread of its article, merging a thread into another."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from marshmallow import Schema, validate

from ...errors import Invalid, NotFound
from ...extensions import db
from ...models import Post, Thread
from ...services import moves, records
from ...limits import MAX_ROW_ID, REASON_MAX
from .base import ID, StrictInteger, bounded_text, operation
from .moderation import TAG
from .post_schemas import PostSchema, node
from .schemas import ThreadSummarySchema


class MoveInput(Schema):
    thread_id = StrictInteger(required=True, validate=validate.Range(min=1, max=MAX_ROW_ID),
                              metadata={"description": "The thread of the same article that takes the posts"})
    reason = bounded_text(REASON_MAX, "the reason", load_default="",
                          metadata={"description": "Shown in the public moderation log and told to the author"})


@operation(f"/posts/<{ID}:post_id>/move", "POST", tag=TAG, body=MoveInput(), response=PostSchema(),
           auth="required", errors=(403, 409))
def move_post(post_id: int, data: dict[str, Any]):
    """Move a post and its replies to another thread of its article, as a top-level answer (moderators)

    The post keeps its id, votes, history and permalink. Refused (409) into a locked, hidden or
    merged thread, under a closed article, and into another article's thread.
    """
    post = db.session.get(Post, post_id)
    if post is None:
        raise NotFound("There is no post at this address.")
    moves.move_post(current_user, post, target=_target(data), reason=data["reason"])
    return node(records.post_record(post, current_user))


@operation(f"/threads/<{ID}:thread_id>/merge", "POST", tag=TAG, body=MoveInput(), response=ThreadSummarySchema(),
           auth="required", errors=(403, 409))
def merge_thread(thread_id: int, data: dict[str, Any]):
    """Merge a member-started thread into another thread of its article (moderators)

    Every post moves to the target, which is answered; the merged thread's address then
    redirects there and its followers follow the target. Refused (409) as moves are.
    """
    thread = db.session.get(Thread, thread_id)
    if thread is None:
        raise NotFound("There is no thread at this address.")
    return moves.merge_thread(current_user, thread, target=_target(data), reason=data["reason"])


def _target(data: dict[str, Any]) -> Thread:
    target = db.session.get(Thread, data["thread_id"])
    if target is None:
        raise Invalid("There is no thread with this id.", field="thread_id")
    return target
