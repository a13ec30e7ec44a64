"""API best answers: an article's digest, and featuring an answer (moderators)."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from marshmallow import Schema, fields

from ...services import articles, digest, digest_export, posts, records
from .base import ID, SLUG, operation
from .moderation import ReasonInput
from .post_schemas import PostSchema, node

TAG = "digest"


class DigestAnswerSchema(Schema):
    id = fields.Integer(required=True)
    author = fields.String(required=True, allow_none=True, metadata={"description": "null once the account is gone"})
    body = fields.String(required=True, metadata={
        "description": "The answer's Markdown source as its author wrote it; render and sanitize it before "
                       "showing it as HTML (or read body_html from GET /posts/{id})"})
    score = fields.Integer(required=True, allow_none=True, metadata={
        "description": "null while the score is hidden (FORUM_SCORE_HIDE_MINUTES)"})
    url = fields.String(required=True, metadata={"format": "uri", "description": "The answer's permalink"})
    featured = fields.Boolean(required=True, metadata={"description": "Picked by a moderator"})


class DigestQuestionSchema(Schema):
    question = fields.String(required=True)
    thread_url = fields.String(required=True, metadata={"format": "uri"})
    answers = fields.List(fields.Nested(DigestAnswerSchema), required=True, metadata={
        "description": "Up to three: moderators' picks first, then the best by votes; empty where the reader "
                       "may not read the thread's answers yet (answer first)"})


class DigestArticleSchema(Schema):
    title = fields.String(required=True)
    url = fields.String(required=True, metadata={"format": "uri"})
    source_url = fields.String(required=True, allow_none=True)


class DigestSchema(Schema):
    article = fields.Nested(DigestArticleSchema, required=True)
    questions = fields.List(fields.Nested(DigestQuestionSchema), required=True)


@operation(f"/articles/<{SLUG}:slug>/digest", "GET", tag=TAG, response=DigestSchema(), auth="optional")
def article_digest(slug: str):
    """An article's best answers: each question with up to three, as the caller may read them

    The same document as /articles/{slug}/digest.json on the site.
    """
    return digest_export.digest_document(articles.get_article(slug, current_user), current_user)


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
