"""API articles: the front page list, an article's hub, and importing and publishing for moderators."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from flask_login import current_user
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ...limits import (
    ARTICLE_BODY_MAX, ARTICLE_TITLE_MAX, EXTRACTION_REASON_MAX, MAX_QUESTIONS, QUESTION_MAX, SUMMARY_MAX, URL_MAX,
)
from ...models import Article, Thread
from ...permissions import ArticleActions
from ...services import articles, imports, listings
from .base import SLUG, PageQuery, StrictBoolean, bounded_text, operation, page_of, per_page
from .moderation import ReasonInput
from .schemas import ArticleDetailSchema, ArticlePageSchema, ArticleSchema, DeletedArticleSchema, ExtractionSchema

TAG = "articles"


@dataclass(frozen=True)
class ArticleHub:
    article: Article
    questions: list[Thread]
    threads: list[Thread]
    allowed: ArticleActions


class PreviewInput(Schema):
    text = bounded_text(ARTICLE_BODY_MAX, "the text")
    url = bounded_text(URL_MAX, "the address")

    @validates_schema
    def _one_source(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if bool(data.get("text", "").strip()) == bool(data.get("url", "").strip()):
            raise ValidationError("Send either the article's text or its URL.", "text")


class ArticleInput(Schema):
    title = bounded_text(ARTICLE_TITLE_MAX, "the title", required=True)
    body = bounded_text(ARTICLE_BODY_MAX, "the body", load_default="")
    source_url = bounded_text(URL_MAX, "the address", load_default=None, allow_none=True)
    summary = bounded_text(SUMMARY_MAX, "the summary", load_default="")
    reasons = fields.List(bounded_text(EXTRACTION_REASON_MAX, "each reason"), load_default=list,
                          validate=validate.Length(max=MAX_QUESTIONS),
                          metadata={"description": "The preview's reasons, accepted so that a preview can be "
                                                   "sent back as it came; not stored."})
    questions = fields.List(bounded_text(QUESTION_MAX, "each question"), load_default=list,
                            validate=validate.Length(max=MAX_QUESTIONS))
    answer_first = StrictBoolean(load_default=False, metadata={
        "description": "Members answer before they see others' answers, in each of its threads"})


class PublishInput(ArticleInput):
    already_published = fields.Raw(load_default=None, allow_none=True, metadata={
        "description": "The preview's, accepted so that a preview can be sent back as it came; not stored."})
    confirm = StrictBoolean(load_default=False, metadata={
        "description": "Publish even when the article has the source URL or the text of a published article, "
                       "or has no questions; without it such an article is refused with 409 and code `unconfirmed`"})


class ArticleListQuery(PageQuery):
    sort = fields.String(load_default=listings.DEFAULT_FRONT_SORT,
                         validate=validate.OneOf([s for s in listings.FRONT_SORTS if s != "unanswered"]))
    period = fields.String(load_default=listings.DEFAULT_TOP_PERIOD, validate=validate.OneOf(list(listings.TOP_PERIODS)))


@operation("/articles", "GET", tag=TAG, query=ArticleListQuery(), response=ArticlePageSchema())
def list_articles(query: dict[str, Any]):
    """Published articles, as the front page sorts them

    `latest` (the default) by last post, `new` by publication, `top` the articles published
    within `period` (`week`, `month` or `all`) by their number of posts.
    """
    front = listings.front_page(query["page"], per_page(query), sort=query["sort"], period=query["period"])
    return page_of(front.pagination, front.rows)


@operation(f"/articles/<{SLUG}:slug>", "GET", tag=TAG, response=ArticleDetailSchema(), auth="optional")
def get_article(slug: str):
    """An article with its questions and threads (question threads in order, pinned first)"""
    return _hub(articles.get_article(slug, current_user))


@operation("/article-previews", "POST", tag=TAG, body=PreviewInput(), response=ExtractionSchema(),
           auth="required", errors=(403, 429))
def preview_article(data: dict[str, Any]):
    """Extract title, source, body and questions from pasted text or a URL, saving nothing (moderators)

    Previews are limited per moderator; past that the answer is 429 with Retry-After.
    `already_published` names the published article with the same source URL or text, if any:
    publishing this one then needs `"confirm": true`.
    """
    extraction = imports.preview_import(current_user, text=data.get("text", ""), url=data.get("url", ""))
    warnings = articles.publish_warnings(source_url=extraction.source_url, body=extraction.body,
                                         questions=extraction.questions)
    return {**asdict(extraction), "already_published": warnings.published_as}


@operation("/articles", "POST", tag=TAG, body=PublishInput(), response=ArticleDetailSchema(), status=201,
           auth="required", errors=(403, 409))
def publish_article(data: dict[str, Any]):
    """Publish an article and open one thread per question (moderators)

    Send the preview's fields, edited as needed. An article with the source URL or the text of a
    published article, or without questions, answers 409 (code `unconfirmed`, the message says
    which) unless `confirm` is true.
    """
    draft = articles.check_draft(title=data["title"], body=data["body"], source_url=data["source_url"],
                                 questions=data["questions"], summary=data["summary"],
                                 answer_first=data["answer_first"])
    article = articles.publish_article(current_user, draft, confirmed=data["confirm"])
    return _hub(article)


def _hub(article: Article) -> ArticleHub:
    hub = listings.hub(article, current_user)
    return ArticleHub(article, hub.question_threads, hub.question_threads + hub.member_threads, hub.allowed)


@operation(f"/articles/<{SLUG}:slug>", "PATCH", tag=TAG, body=ArticleInput(partial=True), response=ArticleDetailSchema(),
           auth="required", errors=(403,))
def edit_article(slug: str, data: dict[str, Any]):
    """Edit an article (moderators)

    Send the fields that change. Reordered and reworded questions keep their threads; a new one
    opens a thread; a removed one deletes its empty thread or hides one with posts.
    """
    article = articles.get_article(slug, current_user)
    current = {"title": article.title, "body": article.body, "source_url": article.source_url,
               "summary": article.summary, "questions": [question.text for question in article.questions],
               "answer_first": article.answer_first}
    data.pop("reasons", None)  # a preview's, sent back: not part of the article
    draft = articles.check_draft(**{**current, **data})
    return _hub(articles.update_article(current_user, article, draft))


@operation(f"/articles/<{SLUG}:slug>/deletion", "POST", tag=TAG, body=ReasonInput(), response=ArticleSchema(),
           auth="required", errors=(403, 409))
def delete_article(slug: str, data: dict[str, Any]):
    """Delete an article: it, its threads and their posts leave every page, feed and search (admins)

    Nothing is erased; `POST /articles/{slug}/restoration` brings it back. Logged, with the reason.
    """
    article = articles.get_article(slug, current_user)
    articles.delete_article(current_user, article, reason=data["reason"])
    return article


@operation("/deleted-articles", "GET", tag=TAG, response=DeletedArticleSchema(many=True), auth="required",
           errors=(403,))
def list_deleted_articles():
    """Deleted articles, the latest deleted first, to restore (admins)"""
    return articles.deleted_articles(current_user)


@operation(f"/articles/<{SLUG}:slug>/restoration", "POST", tag=TAG, body=ReasonInput(), response=ArticleSchema(),
           auth="required", errors=(403, 409))
def restore_article(slug: str, data: dict[str, Any]):
    """Restore a deleted article with its threads and posts as they were (admins); logged"""
    article = articles.get_deleted_article(current_user, slug)
    articles.restore_article(current_user, article, reason=data["reason"])
    return article
