"""API search: the same search as /search, as JSON."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_login import current_user
from marshmallow import Schema, fields, validate

from ...limits import SLUG_STORED_MAX, USERNAME_MAX
from ...services import search as search_service
from .base import PageQuery, operation, per_page
from .schemas import PageSchema, one_of

TAG = "search"


class SearchQuery(PageQuery):
    q = fields.String(required=True, validate=validate.Length(min=1, max=search_service.QUERY_MAX_LENGTH),
                      metadata={"description": 'Words (all must match), "a phrase", -word to leave out, word* for a prefix'})
    article = fields.String(validate=validate.Length(min=1, max=SLUG_STORED_MAX),
                         metadata={"description": "An article's slug"})
    author = fields.String(validate=validate.Length(min=1, max=USERNAME_MAX),
                        metadata={"description": "A member's username"})
    sort = fields.String(load_default="best", validate=validate.OneOf(search_service.SORTS))


class HitSchema(Schema):
    kind = one_of(search_service.HIT_KINDS, required=True)
    id = fields.Integer(required=True)
    opening = fields.Boolean(required=True, metadata={
        "description": "A post that is the details of a member's own question: url is its thread"})
    url = fields.Method("_url", required=True)
    title = fields.String(required=True, metadata={"description": "HTML: escaped text, matching words in <mark>"})
    snippet = fields.String(required=True, metadata={"description": "HTML: escaped text, matching words in <mark>"})
    article_slug = fields.String(required=True)
    article_title = fields.String(required=True)
    author = fields.String(required=True, allow_none=True)
    author_display_name = fields.String(required=True, allow_none=True)
    created_at = fields.DateTime(required=True)

    def _url(self, hit: search_service.Hit) -> str:
        if hit.kind == "article":
            return url_for("articles.show", slug=hit.article_slug, _external=True)
        if hit.kind == "thread" or hit.opening:
            return url_for("threads.show", thread_id=hit.thread_id, _external=True)
        return url_for("posts.show", post_id=hit.id, _external=True)


class SearchPageSchema(PageSchema):
    items = fields.List(fields.Nested(HitSchema), required=True)
    total = fields.Integer(required=True, metadata={
        "description": f"Hits counted up to {search_service.COUNT_MAX + 1}: that many means more than "
                       f"{search_service.COUNT_MAX}, and pages stop there"})


@operation("/search", "GET", tag=TAG, query=SearchQuery(), response=SearchPageSchema(), auth="optional")
def search(query: dict[str, Any]):
    """Articles, questions and posts the reader may see that match `q`, best match or newest first"""
    results = search_service.search(
        current_user, query["q"], article_slug=query.get("article"), author_name=query.get("author"),
        sort=query["sort"], page=query["page"], per_page=per_page(query, "SEARCH_RESULTS_PER_PAGE"),
    )
    return {"items": results.hits, "page": results.page, "per_page": results.per_page,
            "total": results.total, "has_next": results.has_next}
