"""Thread pages: reading a thread, answering its question, starting a thread of one's own."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from .. import member_trees, page_cache
from ..errors import ForumError
from ..forms.posts import AnswerForm
from ..forms.threads import ThreadForm
from ..models import Post, Thread, utcnow
from ..services import posts, records, scores, threads
from .helpers import error_status, page_number, show_error, wants_fragment

bp = Blueprint("threads", __name__)


@bp.get("/threads/<int:thread_id>")
def show(thread_id: int):
    if page_cache.is_cacheable(current_user):
        cached = _visitor_page(thread_id)
        if cached is not None:
            return cached
    thread = threads.get_thread(thread_id, current_user)
    if thread.id != thread_id:
        # A merged thread's posts are there now, on pages of their own: the sort carries over, the page does not.
        return redirect(url_for("threads.show", thread_id=thread.id, sort=request.args.get("sort")), 301)
    return _render_thread(thread, None)


def _visitor_page(thread_id: int):
    """The visitor's page from the cache (or rendered into it), knowing the thread by one row; None where the
    thread's page is not one to cache, or a visitor may not read it here (the full read then says why)."""
    state, now = threads.visitor_page_state(thread_id), utcnow()
    # A score in its hiding window shows once the window closes, with no write to bump the version:
    # such a page is rendered for each visitor until every post on it is older than the window.
    if state is None or scores.window_open(state, now):
        return None
    # The creation time joins the id: a thread id reused on a recreated database is another page;
    # heat (Thread.heat_on) ends with time alone, so whether it holds is part of the name too.
    heat_on = state.heat_until is not None and state.heat_until > now
    name = f"thread-{state.id}-{state.created_at.timestamp()}-heat{int(heat_on)}"
    return page_cache.visitor_page(name, state.version, state.changed_at or state.created_at,
                                   lambda: _render_thread(threads.get_thread(thread_id, current_user), None))


@bp.post("/threads/<int:thread_id>/posts")
@login_required
def answer(thread_id: int):
    thread = threads.get_thread(thread_id, current_user)
    form, status = AnswerForm(), 422
    if form.validate_on_submit():
        try:
            post = posts.create_post(current_user, thread, body=form.body.data)
        except ForumError as error:
            status = show_body_error(form, error)
        else:
            if wants_fragment() and thread.answer_first:
                # Answer first: the answers this member may now read come with the whole page, reloaded
                # (a redirect to the same page with only a new #anchor would not reload it).
                return "", 200, {"HX-Refresh": "true"}
            if wants_fragment():
                return render_template("threads/_answered.html", thread=thread,
                                       view=threads.read_summary(thread, current_user),
                                       post=records.post_record(post, current_user), form=AnswerForm(formdata=None))
            return redirect(post_url(post))
    if wants_fragment():
        return render_template("threads/_answer_form.html", thread=thread, form=form)
    return _render_thread(thread, form), status


@bp.route("/articles/<slug>/threads/new", methods=["GET", "POST"])
@login_required
def new(slug: str):
    # Loaded here, as the article pages load it: the thread page never needs the articles' service (nor the
    # patterns of article_parts behind it, 4 ms of a server's start).
    from ..services import articles

    article = articles.get_article(slug, current_user)
    form, status = ThreadForm(), 200
    if form.validate_on_submit():
        try:
            thread = threads.start_thread(current_user, article, title=form.title.data, body=form.body.data)
        except ForumError as error:
            status = show_error(form, error)
        else:
            return redirect(url_for("threads.show", thread_id=thread.id))
    return render_template("threads/new.html", article=article, form=form), status


@bp.post("/threads/<int:thread_id>/preview")
@login_required
def preview(thread_id: int):
    """The answer as it would read: in place with htmx, else above the kept form on the thread page."""
    thread = threads.get_thread(thread_id, current_user)
    form = AnswerForm()
    return preview_response(form, lambda html: _render_thread(thread, form, preview=html))


def preview_response(form: FlaskForm, page: Callable[[str | None], str]):
    """A "Preview" answered: to htmx the rendered body alone (or why not), else ``page(html)``, the page
    holding the kept form with the preview above it."""
    try:
        html, status = posts.preview_post(current_user, body=form.body.data), 200
    except ForumError as error:
        html, status = None, show_body_error(form, error)
    if wants_fragment():
        return render_template("posts/_preview.html", html=html, errors=form.body.errors)
    return page(html), status


def show_body_error(form: FlaskForm, error: ForumError) -> int:
    """Put a posting service's message beside the text it refused; the status to answer with."""
    form.body.errors = [*form.body.errors, error.message]
    return error_status(error)


def post_url(post: Post) -> str:
    """The thread page, on the page of ``post`` in the reader's sort, scrolled to it."""
    sort = threads.parse_sort(request.args.get("sort"))
    page = threads.page_of(post, current_user, sort=sort)
    return url_for("threads.show", thread_id=post.thread_id, sort=None if sort == threads.DEFAULT_SORT else sort,
                   page=None if page == 1 else page, _anchor=f"post-{post.id}")


def _render_thread(thread: Thread, form: AnswerForm | None, *, preview: str | None = None):
    """The thread page; ``form`` is a refused or previewed answer to show again (``preview``: its rendered
    text), else a blank one where the viewer may answer."""
    sort = threads.parse_sort(request.args.get("sort"))
    viewer = current_user._get_current_object()  # asked many times below: the proxy is slow to ask
    kept = form is None and member_trees.applies(viewer, thread) and \
        member_trees.thread_page(thread, viewer, sort=sort, page=page_number())
    if kept:
        return kept
    view = threads.read_thread(thread, current_user, sort=sort, page=page_number())
    # A visitor gets no form: building one would start a session just to hold its CSRF token.
    if form is None and view.allowed.answer:
        form = AnswerForm(formdata=None)
    return render_template("threads/show.html", thread=thread, view=view, form=form, answer_preview=preview)
