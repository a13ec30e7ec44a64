"""The front page, article hubs, and importing and editing articles (moderators)."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from .. import page_cache
from ..errors import ForumError
from ..forms.articles import EditArticleForm, ImportForm, PublishForm
from ..models import Article, utcnow
from ..services import article_text, articles, digest, imports, listings, page_versions, scores
from .helpers import moderator_required, page_number, show_error

bp = Blueprint("articles", __name__)


@bp.get("/")
def index():
    front = listings.front_page(page_number(), current_app.config["ARTICLES_PER_PAGE"],
                                sort=request.args.get("sort"), period=request.args.get("period"))
    return render_template("articles/index.html", front=front, pagination=front.pagination)


@bp.get("/articles/<slug>")
def show(slug: str):
    article = articles.get_article(slug, current_user)
    # Its best answers' scores: a page showing one still in its hiding window is not kept (see threads.show).
    if page_cache.is_cacheable(current_user) and not scores.window_open(article, utcnow()):
        version = page_versions.article_version(article)
        return page_cache.visitor_page(version.name, version.number, version.changed_at,
                                       lambda: _render_article(article))
    return _render_article(article)


def _render_article(article: Article) -> str:
    hub = listings.hub(article, current_user)
    return render_template("articles/show.html", article=article, hub=hub, text=article_text.article_text(article),
                           best=digest.best_answers(current_user, hub.question_threads))


@bp.get("/articles/import")
@moderator_required
def import_form():
    return render_template("articles/import.html", form=ImportForm())


@bp.post("/articles/import")
@moderator_required
def extract():
    form, status = ImportForm(), 422
    if form.validate_on_submit():
        try:
            extraction = imports.preview_import(
                current_user, text=form.text.data or "", url=form.url.data or "", upload=_upload(form.file.data)
            )
        except ForumError as error:
            status = show_error(form, error, status=422)
        else:
            preview = PublishForm(
                formdata=None, title=extraction.title, source_url=extraction.source_url,
                summary=extraction.summary, body=extraction.body,
                questions="\n".join(extraction.questions),
                reasons=json.dumps(list(zip(extraction.questions, extraction.reasons))),
            )
            warnings = articles.publish_warnings(source_url=extraction.source_url, body=extraction.body,
                                                 questions=extraction.questions)
            return render_template("articles/preview.html", form=preview, warnings=warnings)
    return render_template("articles/import.html", form=form), status


@bp.get("/articles/publish")
@moderator_required
def publish_form():
    """A refused publication is shown at /articles/publish; reloading it from the address bar starts over."""
    return redirect(url_for("articles.import_form"), 303)


@bp.post("/articles/publish")
@moderator_required
def publish():
    form = PublishForm()
    if form.validate_on_submit():
        try:
            article = articles.publish_article(current_user, _draft(form), confirmed=form.confirm.data)
        except articles.Unconfirmed as unconfirmed:
            return render_template("articles/preview.html", form=form, warnings=unconfirmed.warnings), 409
        except ForumError as error:
            show_error(form, error)
        else:
            return redirect(url_for("articles.show", slug=article.slug))
    return render_template("articles/preview.html", form=form), 422


@bp.route("/articles/<slug>/edit", methods=["GET", "POST"])
@moderator_required
def edit(slug: str):
    article = articles.get_article(slug, current_user)
    form = EditArticleForm(obj=article, questions="\n".join(q.text for q in article.questions))
    if form.validate_on_submit():
        try:
            articles.update_article(current_user, article, _draft(form))
        except ForumError as error:
            show_error(form, error)
        else:
            return redirect(url_for("articles.show", slug=article.slug))
    return render_template("articles/edit.html", form=form, article=article), 422 if form.errors else 200


def _draft(form) -> articles.ArticleDraft:
    return articles.check_draft(
        title=form.title.data or "", body=form.body.data or "",
        source_url=form.source_url.data, questions=form.question_lines(), summary=form.summary.data or "",
        answer_first=form.answer_first.data,
    )


def _upload(storage) -> imports.Upload | None:
    if not storage or not storage.filename:
        return None
    return imports.Upload(storage.filename, storage.read(), storage.mimetype)
