"""What the API answers: marshmallow schemas that both dump responses and describe them in OpenAPI."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from marshmallow import Schema, fields

from ...models import ArticleStatus, NotificationKind, Role, User
from ...permissions import ArticleActions, MemberActions
from ...services import heat
from ...services.scores import shown_karma


def one_of(values: Iterable[Any], **kwargs: Any) -> fields.Field:
    """A field documented as one of ``values`` (an enum, read from the model, never retyped)."""
    values = list(values)
    field = fields.Integer if all(isinstance(v, int) for v in values) else fields.String
    return field(metadata={"enum": [v if isinstance(v, int) else str(v) for v in values]}, **kwargs)


def actions_schema(actions: type) -> type[Schema]:
    """A schema of booleans, one per field of a permissions ``*Actions`` class: what the caller may do."""
    return Schema.from_dict({name: fields.Boolean(required=True) for name in actions.__dataclass_fields__},
                            name=actions.__name__)


ArticleActionsSchema = actions_schema(ArticleActions)


class PageSchema(Schema):
    """The fields every list shares; subclasses add ``items``."""

    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    has_next = fields.Boolean(required=True)


class UserSchema(Schema):
    id = fields.Integer(required=True)
    username = fields.String(required=True)
    display_name = fields.String(required=True, allow_none=True, metadata={
        "description": "Shown beside the username, never instead of it; null when the member set none"})
    role = one_of(Role, required=True)
    created_at = fields.DateTime(required=True)
    karma = fields.Integer(required=True, metadata={
        "description": "The sum of the scores of the member's posts; a score still hidden counts once it shows"})
    post_count = fields.Integer(required=True)
    suspended_until = fields.DateTime(required=True, allow_none=True)

    def get_attribute(self, obj: Any, attr: str, default: Any) -> Any:
        if attr == "karma" and isinstance(obj, User):
            return shown_karma(obj)
        return super().get_attribute(obj, attr, default)


class ProfileSchema(UserSchema):
    """A member's profile, read from a users.Profile: what the caller may do to them too."""

    allowed = fields.Nested(actions_schema(MemberActions), required=True)

    def get_attribute(self, obj: Any, attr: str, default: Any) -> Any:
        if attr in ("allowed", "karma"):
            return getattr(obj, attr)
        return super().get_attribute(obj.user, attr, default)


class MeSchema(UserSchema):
    email = fields.String(required=True)
    follow_own_threads = fields.Boolean(required=True)
    follow_replied_threads = fields.Boolean(required=True)
    email_notifications = fields.Boolean(required=True)
    unread_notifications = fields.Integer(required=True)


class TokenSchema(Schema):
    token = fields.String(required=True, metadata={"description": "Shown once; send it as `Authorization: Bearer TOKEN`."})
    name = fields.String(required=True)
    user = fields.Nested(UserSchema, required=True)


class ArticleSchema(Schema):
    slug = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    source_url = fields.String(required=True, allow_none=True)
    status = one_of(ArticleStatus, required=True)
    discussion_open = fields.Boolean(required=True)
    close_reason = fields.String(required=True, allow_none=True,
                                 metadata={"description": "Why a moderator closed the discussion, while closed"})
    premoderation = fields.Boolean(required=True)
    answer_first = fields.Boolean(required=True, metadata={"description": "The answer-first default of its threads"})
    post_count = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)
    last_activity_at = fields.DateTime(required=True)


class DeletedArticleSchema(ArticleSchema):
    deleted_at = fields.DateTime(required=True)


class ArticleListItemSchema(ArticleSchema):
    """An article on the front page: read from a listings.ArticleRow."""

    question_count = fields.Integer(required=True)
    unanswered_count = fields.Integer(required=True)

    def get_attribute(self, obj: Any, attr: str, default: Any) -> Any:
        source = obj if attr in ("question_count", "unanswered_count") else obj.article
        return super().get_attribute(source, attr, default)


class ArticlePageSchema(PageSchema):
    items = fields.List(fields.Nested(ArticleListItemSchema), required=True)


class HeatSchema(Schema):
    """A thread's automatic slow mode (services/heat.py)."""

    until = fields.DateTime(required=True, metadata={"description": "When it ends by itself"})
    reason = fields.String(required=True, metadata={"description": "Why, in words: \"42 posts in 10 minutes\""})
    slow_seconds = fields.Integer(required=True, metadata={"description": "Seconds between one member's posts"})
    approval = fields.Boolean(required=True, metadata={"description": "New members' posts wait for approval"})


class ThreadSummarySchema(Schema):
    id = fields.Integer(required=True)
    slow_mode_seconds = fields.Integer(required=True)
    title = fields.String(required=True)
    question_id = fields.Integer(required=True, allow_none=True)
    author = fields.Pluck(UserSchema, "username", required=True, allow_none=True)
    locked = fields.Boolean(required=True)
    lock_reason = fields.String(required=True, allow_none=True,
                                metadata={"description": "Why a moderator locked the thread, while locked"})
    pinned = fields.Boolean(required=True)
    hidden = fields.Boolean(required=True)
    answer_first = fields.Boolean(required=True, metadata={
        "description": "Members see the answers once they have posted one (moderators always do)"})
    post_count = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)
    last_activity_at = fields.DateTime(required=True)
    contest_mode = fields.Boolean(required=True, metadata={
        "description": "Scores are hidden and, sorted by best, top or controversial, answers come in an order "
                       "shuffled per reader (replies oldest first)"})
    heat = fields.Nested(HeatSchema, required=True, allow_none=True, metadata={
        "description": "Automatic slow mode while the thread is heated; null when off"})

    def get_attribute(self, obj: Any, attr: str, default: Any) -> Any:
        if attr == "heat":
            return heat.state_of(obj)
        return super().get_attribute(obj, attr, default)


class QuestionSchema(Schema):
    """A question, read from its thread."""

    id = fields.Integer(required=True, attribute="question.id")
    position = fields.Integer(required=True, attribute="question.position")
    text = fields.String(required=True, attribute="question.text")
    thread_id = fields.Integer(required=True, attribute="id")


class ArticleDetailSchema(ArticleSchema):
    """An article's hub: read from an ArticleHub (the article and its visible threads)."""

    body = fields.String(required=True)
    body_html = fields.String(required=True)
    questions = fields.List(fields.Nested(QuestionSchema), required=True)
    threads = fields.List(fields.Nested(ThreadSummarySchema), required=True)
    allowed = fields.Nested(ArticleActionsSchema, required=True)

    def get_attribute(self, obj: Any, attr: str, default: Any) -> Any:
        source = obj if attr in ("questions", "threads", "allowed") else obj.article
        return super().get_attribute(source, attr, default)


class ExtractionSchema(Schema):
    title = fields.String(required=True)
    source_url = fields.String(required=True, allow_none=True)
    summary = fields.String(required=True)
    body = fields.String(required=True)
    questions = fields.List(fields.String(), required=True)
    reasons = fields.List(fields.String(), required=True,
                          metadata={"description": "Why each question was taken, in the order of questions."})
    already_published = fields.Nested(
        ArticleSchema, required=True, allow_none=True,
        metadata={"description": "The published article with the same source URL or text, if any."})


class NotificationSchema(Schema):
    id = fields.Integer(required=True)
    kind = one_of(NotificationKind, required=True)
    message = fields.String(required=True)
    actor = fields.Pluck(UserSchema, "username", required=True, allow_none=True)
    post_id = fields.Integer(required=True, allow_none=True)
    thread_id = fields.Integer(required=True, allow_none=True)
    is_read = fields.Boolean(required=True)
    created_at = fields.DateTime(required=True)


class NotificationPageSchema(PageSchema):
    items = fields.List(fields.Nested(NotificationSchema), required=True)
    unread = fields.Integer(required=True)


class UnreadSchema(Schema):
    unread = fields.Integer(required=True)


class FollowingSchema(Schema):
    thread_id = fields.Integer(required=True)
    following = fields.Boolean(required=True)
