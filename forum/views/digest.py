"""Best answers: featuring an answer (moderators), and an article's digest as JSON and Markdown."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify
from flask_login import current_user

from ..services import articles, digest, digest_export
from .helpers import moderator_required
from .moderation import post_action

bp = Blueprint("digest", __name__)


@bp.post("/posts/<int:post_id>/feature")
@moderator_required
def feature_post(post_id: int):
    return post_action(post_id, "feature", digest.feature_post, done="The answer is featured in the best answers.")


@bp.post("/posts/<int:post_id>/unfeature")
@moderator_required
def unfeature_post(post_id: int):
    return post_action(post_id, "unfeature", digest.unfeature_post, done="The answer is no longer featured.")


@bp.get("/articles/<slug>/digest.json")
def article_json(slug: str):
    """The article's best answers as the reader may read them: ``{"article": {...}, "questions": [...]}``."""
    document = digest_export.digest_document(articles.get_article(slug, current_user), current_user)
    return _per_reader(jsonify(document))


@bp.get("/articles/<slug>/digest.md")
def article_markdown(slug: str):
    document = digest_export.digest_document(articles.get_article(slug, current_user), current_user)
    return _per_reader(Response(digest_export.digest_markdown(document), mimetype="text/markdown"))


def _per_reader(response: Response) -> Response:
    # Answer first decides per reader what the digest holds: a shared cache must not hand one reader's to another.
    response.vary.add("Cookie")
    return response
