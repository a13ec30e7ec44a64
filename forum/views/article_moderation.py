"""An article's moderation: closing and reopening its discussion, pre-moderation, deleting and restoring it."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, render_template, url_for
from flask_login import current_user

from ..forms.moderation import ModerationForm
from ..models import Article
from ..services import articles, moderation
from .helpers import admin_required, moderator_required
from .moderation import run_action

bp = Blueprint("article_moderation", __name__)


def _article_action(slug: str, prefix: str, change: Callable, *, done: str | Callable[[Article], str], button: str):
    article = articles.get_article(slug, current_user)
    form = ModerationForm(prefix=prefix)
    return run_action(form, lambda: change(current_user, article, form.reason.data),
                      back=url_for("articles.show", slug=article.slug),
                      done=(lambda: done(article)) if callable(done) else done, button=button)


@bp.post("/articles/<slug>/close")
@moderator_required
def close_article(slug: str):
    return _article_action(
        slug, "close-article", lambda who, a, why: articles.set_discussion_open(who, a, is_open=False, reason=why),
        done="The discussion is closed.", button="Close discussion")


@bp.post("/articles/<slug>/reopen")
@moderator_required
def reopen_article(slug: str):
    return _article_action(
        slug, "reopen-article", lambda who, a, why: articles.set_discussion_open(who, a, is_open=True, reason=why),
        done="The discussion is open again.", button="Reopen discussion")


@bp.post("/articles/<slug>/premoderation")
@moderator_required
def toggle_premoderation(slug: str):
    return _article_action(
        slug, "premoderation",
        lambda who, a, why: moderation.set_premoderation(who, a, enabled=not a.premoderation, reason=why),
        done=lambda a: f"Pre-moderation is {'on' if a.premoderation else 'off'}.", button="Switch pre-moderation")


@bp.post("/articles/<slug>/delete")
@admin_required
def delete_article(slug: str):
    article = articles.get_article(slug, current_user)
    form = ModerationForm(prefix="delete-article")
    return run_action(form, lambda: articles.delete_article(current_user, article, reason=form.reason.data),
                      back=url_for("article_moderation.deleted_articles"),
                      done=f"“{article.title}” is deleted. Restore it here if that was a mistake.",
                      button="Delete article")


@bp.post("/articles/<slug>/restore")
@admin_required
def restore_article(slug: str):
    article = articles.get_deleted_article(current_user, slug)
    form = ModerationForm(prefix=f"restore-article-{article.id}")
    return run_action(form, lambda: articles.restore_article(current_user, article, reason=form.reason.data),
                      back=url_for("articles.show", slug=article.slug), done="The article is restored.",
                      button="Restore")


@bp.get("/mod/deleted-articles")
@admin_required
def deleted_articles():
    return render_template("moderation/deleted_articles.html", articles=articles.deleted_articles(current_user))
