"""What the API answers about threads, posts, votes and reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_login import current_user
from marshmallow import Schema, fields

from ...models import Post, PostState, ReportReason, ReportStatus, Thread
from ...permissions import can_moderate, can_see_post_body
from ...services.threads import Node
from ...services.moderation_log import TARGET_TYPES
from ...services.threads import SORTS
from ...services.votes import VALUES
from .schemas import ThreadSummarySchema, UserSchema, one_of

HIDDEN_BODY_FIELDS = frozenset({"body", "body_html"})


@dataclass(frozen=True)
class PostOut:
    """A post as one reader sees it: their vote, and its replies when it is part of a tree."""

    post: Post
    my_vote: int = 0
    replies: list[PostOut] = field(default_factory=list)
    more: bool = False


@dataclass(frozen=True)
class ThreadOut:
    thread: Thread
    posts: list[PostOut]
    sort: str
    page: int
    pages: int
    following: bool


def tree(nodes: list[Node], votes: dict[int, int]) -> list[PostOut]:
    """The thread service's nodes, with the reader's votes, as the API shows them."""
    return [PostOut(n.post, votes.get(n.post.id, 0), tree(n.children, votes), n.more) for n in nodes]


class PostSchema(Schema):
    """A post; ``body`` is null for deleted posts and, except for moderators, removed ones."""

    id = fields.Integer(required=True)
    thread_id = fields.Integer(required=True)
    parent_id = fields.Integer(required=True, allow_none=True)
    depth = fields.Integer(required=True)
    author = fields.Pluck(UserSchema, "username", required=True, allow_none=True)
    state = one_of(PostState, required=True)
    body = fields.String(required=True, allow_none=True)
    body_html = fields.String(required=True, allow_none=True)
    removal_reason = fields.String(required=True, allow_none=True)
    created_at = fields.DateTime(required=True)
    edited_at = fields.DateTime(required=True, allow_none=True)
    score = fields.Integer(required=True)
    upvotes = fields.Integer(required=True)
    downvotes = fields.Integer(required=True)
    reply_count = fields.Integer(required=True)
    my_vote = one_of(VALUES, required=True)
    more = fields.Boolean(required=True, metadata={"description": "Replies continue past the depth shown; "
                                                                  "GET /posts/{id} shows them"})
    replies = fields.List(fields.Nested(lambda: PostSchema()), required=True)

    def get_attribute(self, obj: PostOut, attr: str, default: Any) -> Any:
        if attr in ("my_vote", "replies", "more"):
            return getattr(obj, attr)
        if attr in HIDDEN_BODY_FIELDS and not can_see_post_body(current_user, obj.post):
            return None
        return super().get_attribute(obj.post, attr, default)


class ThreadSchema(ThreadSummarySchema):
    """One page of a thread's posts, as a tree."""

    article_slug = fields.String(required=True, attribute="article.slug")
    sort = one_of(SORTS, required=True)
    page = fields.Integer(required=True)
    pages = fields.Integer(required=True)
    following = fields.Boolean(required=True)
    posts = fields.List(fields.Nested(PostSchema), required=True)

    def get_attribute(self, obj: ThreadOut, attr: str, default: Any) -> Any:
        if attr in ("sort", "page", "pages", "following", "posts"):
            return getattr(obj, attr)
        return super().get_attribute(obj.thread, attr, default)


class VoteSchema(Schema):
    score = fields.Integer(required=True)
    upvotes = fields.Integer(required=True)
    downvotes = fields.Integer(required=True)
    my_vote = one_of(VALUES, required=True)


class ReportSchema(Schema):
    id = fields.Integer(required=True)
    post_id = fields.Integer(required=True)
    reporter = fields.Pluck(UserSchema, "username", required=True)
    reason = one_of(ReportReason, required=True)
    details = fields.String(required=True)
    status = one_of(ReportStatus, required=True)
    created_at = fields.DateTime(required=True)
    handled_at = fields.DateTime(required=True, allow_none=True)


class ReportGroupSchema(Schema):
    """The open reports on one post: read from a reports.ReportGroup."""

    post = fields.Nested(PostSchema, required=True)
    reports = fields.List(fields.Nested(ReportSchema), required=True)

    def get_attribute(self, obj: Any, attr: str, default: Any) -> Any:
        return PostOut(obj.post) if attr == "post" else super().get_attribute(obj, attr, default)


class ReportQueueSchema(Schema):
    page = fields.Integer(required=True)
    has_next = fields.Boolean(required=True)
    items = fields.List(fields.Nested(ReportGroupSchema), required=True)


class LogEntrySchema(Schema):
    """One moderator action; who acted is shown to moderators only."""

    id = fields.Integer(required=True)
    action = fields.String(required=True)
    target_type = one_of(TARGET_TYPES, required=True)
    target_id = fields.Integer(required=True)
    target_label = fields.String(required=True)
    reason = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    actor = fields.Pluck(UserSchema, "username", required=True, allow_none=True)

    def get_attribute(self, obj: Any, attr: str, default: Any) -> Any:
        if attr == "actor" and not can_moderate(current_user):
            return None
        return super().get_attribute(obj, attr, default)


class LogPageSchema(Schema):
    page = fields.Integer(required=True)
    has_next = fields.Boolean(required=True)
    items = fields.List(fields.Nested(LogEntrySchema), required=True)
