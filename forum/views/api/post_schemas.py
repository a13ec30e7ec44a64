"""What the API answers about threads, posts, votes and reports."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from ...models import PostState, ReportReason, ReportStatus
from ...permissions import PostActions, ThreadActions
from ...services.moderation_log import TARGET_TYPES
from ...services.records import Node, PostRecord
from ...services.threads import SORTS
from ...services.votes import VALUES
from .schemas import ThreadSummarySchema, UserSchema, actions_schema, one_of


def node(record: PostRecord) -> Node:
    """A single post, as the API shows it: with no replies loaded."""
    return Node(record)


HIDDEN_SCORE = ("Null while the score is hidden from everyone: the thread is in contest mode, or the post "
                "is younger than the site's score-hiding minutes")
VOTE_HIDDEN = "Left out while the score is hidden (contest mode, or a post younger than the score-hiding minutes)"
PostActionsSchema = actions_schema(PostActions)
ThreadActionsSchema = actions_schema(ThreadActions)


class PostSchema(Schema):
    """A post as the reader sees it: ``body`` is null where they may not read it; ``allowed`` is what they may do."""

    id = fields.Integer(required=True)
    thread_id = fields.Integer(required=True)
    parent_id = fields.Integer(required=True, allow_none=True)
    depth = fields.Integer(required=True)
    author = fields.Pluck(UserSchema, "username", required=True, allow_none=True, metadata={
        "description": "The author's username; null where the author deleted their account (pages show “[deleted]”)"})
    author_display_name = fields.String(required=True, allow_none=True, metadata={
        "description": "The author's display name, shown beside the username; null when they set none or deleted "
                       "their account"})
    state = one_of(PostState, required=True)
    body = fields.String(required=True, allow_none=True)
    body_html = fields.String(required=True, allow_none=True)
    removal_reason = fields.String(required=True, allow_none=True)
    created_at = fields.DateTime(required=True)
    edited_at = fields.DateTime(required=True, allow_none=True)
    score = fields.Integer(required=True, allow_none=True, metadata={"description": HIDDEN_SCORE})
    upvotes = fields.Integer(required=True, allow_none=True, metadata={"description": HIDDEN_SCORE})
    downvotes = fields.Integer(required=True, allow_none=True, metadata={"description": HIDDEN_SCORE})
    reply_count = fields.Integer(required=True)
    featured_at = fields.DateTime(required=True, allow_none=True, metadata={
        "description": "When a moderator featured this answer for its question's best answers; null if not"})
    my_vote = one_of(VALUES, required=True)
    allowed = fields.Nested(PostActionsSchema, required=True)
    more = fields.Boolean(required=True, metadata={"description": "Replies continue past the depth shown; "
                                                                  "GET /posts/{id} shows them"})
    replies = fields.List(fields.Nested(lambda: PostSchema()), required=True)

    def get_attribute(self, obj: Node, attr: str, default: Any) -> Any:
        if attr == "replies":
            return obj.children
        if attr == "more":
            return obj.more
        if attr == "author_display_name":
            return obj.post.author.display_name if obj.post.author is not None else None
        return super().get_attribute(obj.post, attr, default)


class ThreadSchema(ThreadSummarySchema):
    """One page of a thread's posts, as a tree, read from a threads.ThreadView."""

    article_slug = fields.String(required=True, attribute="article.slug")
    sort = one_of(SORTS, required=True)
    page = fields.Integer(required=True)
    pages = fields.Integer(required=True)
    following = fields.Boolean(required=True)
    allowed = fields.Nested(ThreadActionsSchema, required=True)
    opening_post = fields.Nested(PostSchema, required=True, allow_none=True, attribute="opening", metadata={
        "description": "A member-started thread's body: the details its author gave the question, with the "
                       "replies to them; on every page, never among posts. Null for a question thread (or once "
                       "a moderator moved it away, or its author deleted it with no replies)"})
    posts = fields.List(fields.Nested(PostSchema), required=True, attribute="roots", metadata={
        "description": "The answers on this page, each with its replies"})
    answers_hidden = fields.Boolean(required=True, metadata={
        "description": "Answer first: the reader has no answer of their own here yet, so posts is empty"})
    answer_count = fields.Integer(required=True, metadata={"description": "Visible answers, told where they are hidden"})

    def get_attribute(self, obj: Any, attr: str, default: Any) -> Any:
        if attr in ("sort", "page", "pages", "following", "allowed", "roots", "opening", "answers_hidden",
                    "answer_count"):
            return getattr(obj, attr)
        return super().get_attribute(obj.thread, attr, default)


class VoteSchema(Schema):
    """The post's new score and the caller's vote; only ``my_vote`` where the score is hidden."""

    score = fields.Integer(metadata={"description": VOTE_HIDDEN})
    upvotes = fields.Integer(metadata={"description": VOTE_HIDDEN})
    downvotes = fields.Integer(metadata={"description": VOTE_HIDDEN})
    my_vote = one_of(VALUES, required=True)


class ReportSchema(Schema):
    id = fields.Integer(required=True)
    post_id = fields.Integer(required=True)
    reporter = fields.Pluck(UserSchema, "username", required=True, allow_none=True, metadata={
        "description": "The reporter's username; null where they deleted their account"})
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
        return Node(obj.post) if attr == "post" else super().get_attribute(obj, attr, default)


class ReportQueueSchema(Schema):
    page = fields.Integer(required=True)
    has_next = fields.Boolean(required=True)
    items = fields.List(fields.Nested(ReportGroupSchema), required=True)


class PendingPageSchema(Schema):
    page = fields.Integer(required=True)
    has_next = fields.Boolean(required=True)
    items = fields.List(fields.Nested(PostSchema), required=True)


class RevisionSchema(Schema):
    """A body a post had before an edit, and since when."""

    body = fields.String(required=True)
    created_at = fields.DateTime(required=True)


class LogEntrySchema(Schema):
    """One moderator action; who acted is shown to moderators only."""

    id = fields.Integer(required=True)
    action = fields.String(required=True)
    target_type = one_of(TARGET_TYPES, required=True)
    target_id = fields.Integer(required=True)
    target_label = fields.String(required=True)
    reason = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    actor = fields.Pluck(UserSchema, "username", required=True, allow_none=True,
                         metadata={"description": "Who acted: for moderators only, null for others"})
    automatic = fields.Boolean(required=True, metadata={"description": "Agora acted itself (heat handling)"})
    by = fields.String(required=True, allow_none=True, metadata={
        "description": "\"Agora (automatic)\" where Agora acted, for everyone; else the moderator, for moderators"})


class LogPageSchema(Schema):
    page = fields.Integer(required=True)
    has_next = fields.Boolean(required=True)
    items = fields.List(fields.Nested(LogEntrySchema), required=True)
