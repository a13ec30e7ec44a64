"""The search page: /search?q= over what the reader may see."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from ..errors import ForumError
from ..forms.search import SearchForm
from ..services import search as search_service
from .helpers import page_number, show_error

bp = Blueprint("search", __name__)


@bp.get("/search")
def index():
    form = SearchForm(request.args)
    results, status = None, 200
    if form.q.data:
        try:
            results = search_service.search(
                current_user, form.q.data, article_slug=form.article.data or None,
                author_name=form.author.data or None, sort=form.sort.data, page=page_number(),
                per_page=current_app.config["SEARCH_RESULTS_PER_PAGE"],
            )
        except ForumError as error:
            show_error(form, error)
            status = error.status
    return render_template("search/index.html", form=form, results=results, pagination=results), status
