"""API posts: reading, editing and deleting one, voting on it and reporting it."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from marshmallow import Schema, fields, validate

from ...extensions import db
from ...limits import POST_BODY_MAX, REPORT_DETAILS_MAX
from ...models import ReportReason
from ...services import answer_first, posts, records, reports, threads, votes
from .base import ID, StrictInteger, bounded_text, operation
from .post_schemas import PostSchema, ReportSchema, RevisionSchema, VoteSchema, node

TAG = "posts"


class EditInput(Schema):
    body = bounded_text(POST_BODY_MAX, "your post", required=True)


class VoteInput(Schema):
    value = StrictInteger(required=True, validate=validate.OneOf(votes.VALUES),
                           metadata={"description": "1 up, -1 down, 0 withdraws the vote"})


class ReportInput(Schema):
    reason = fields.String(required=True, validate=validate.OneOf([r.value for r in ReportReason]))
    details = bounded_text(REPORT_DETAILS_MAX, "the details", load_default="",
                            metadata={"description": "Required when the reason is \"other\""})


@operation(f"/posts/<{ID}:post_id>", "GET", tag=TAG, response=PostSchema(), auth="optional", errors=(403,))
def get_post(post_id: int):
    """A post with its replies as a tree"""
    post = posts.get_post(post_id, current_user)
    answer_first.require_answers_shown(current_user, post)
    view = threads.read_post(post, current_user)
    return view.roots[0] if view.roots else node(records.post_record(post, current_user))


@operation(f"/posts/<{ID}:post_id>", "PATCH", tag=TAG, body=EditInput(), response=PostSchema(),
           auth="required", errors=(403,))
def edit_post(post_id: int, data: dict[str, Any]):
    """Edit one's own post; the earlier version is kept for moderators"""
    post = posts.edit_post(current_user, posts.get_post(post_id, current_user), body=data["body"])
    return node(records.post_record(post, current_user))


@operation(f"/posts/<{ID}:post_id>", "DELETE", tag=TAG, status=204, auth="required", errors=(403,))
def delete_post(post_id: int):
    """Delete one's own post; replies to it stay under a placeholder"""
    posts.delete_post(current_user, posts.get_post(post_id, current_user))


@operation(f"/posts/<{ID}:post_id>/vote", "PUT", tag=TAG, body=VoteInput(), response=VoteSchema(),
           auth="required", errors=(403, 429))
def vote(post_id: int, data: dict[str, Any]):
    """Set one's vote on a post: 1, -1, or 0 to withdraw it

    Votes are limited per member per minute; past that the answer is 429 with Retry-After.
    """
    post = posts.get_post(post_id, current_user)
    my_vote = votes.set_vote(current_user, post, value=data["value"])
    db.session.refresh(post)
    record = records.post_record(post, current_user)
    if record.score is None:  # hidden: contest mode or a new post (services/scores.py)
        return {"my_vote": my_vote}
    return {"score": record.score, "upvotes": record.upvotes, "downvotes": record.downvotes, "my_vote": my_vote}


@operation(f"/posts/<{ID}:post_id>/reports", "POST", tag=TAG, body=ReportInput(), response=ReportSchema(),
           status=201, auth="required", errors=(403, 409, 429))
def report_post(post_id: int, data: dict[str, Any]):
    """Report a post to the moderators

    Reports are limited per member; past that the answer is 429 with Retry-After.
    """
    post = posts.get_post(post_id, current_user)
    return reports.file_report(current_user, post, reason=data["reason"], details=data["details"])


@operation(f"/posts/<{ID}:post_id>/history", "GET", tag=TAG, response=RevisionSchema(many=True), auth="required",
           errors=(403,))
def post_history(post_id: int):
    """Earlier versions of an edited post, newest first (moderators)"""
    return posts.post_history(current_user, posts.get_post(post_id, current_user))
