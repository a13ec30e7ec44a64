"""Best answers: featuring an answer (moderators), and an article's digest as JSON and Markdown."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, jsonify
from flask_login import current_user

from ..extensions import db
from ..forms.moderation import ModerationForm
from ..models import Post
from ..services import articles, digest, digest_export
from .helpers import moderator_required
from .moderation import run_action
from .threads import post_url

bp = Blueprint("digest", __name__)


def _pick(post_id: int, verb: str, service: Callable, *, done: str):
    post = db.get_or_404(Post, post_id)
    form = ModerationForm(prefix=f"{verb}-{post.id}")
    return run_action(form, lambda: service(current_user, post, reason=form.reason.data),
                      back=post_url(post), done=done, button=verb.capitalize())


@bp.post("/posts/<int:post_id>/feature")
@moderator_required
def feature_post(post_id: int):
    return _pick(post_id, "feature", digest.feature_post, done="The answer is featured in the best answers.")


@bp.post("/posts/<int:post_id>/unfeature")
@moderator_required
def unfeature_post(post_id: int):
    return _pick(post_id, "unfeature", digest.unfeature_post, done="The answer is no longer featured.")


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
