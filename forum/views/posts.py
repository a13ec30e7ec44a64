"""Post permalinks and the actions on one post: reply, edit, delete, vote, history."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..errors import ForumError, NotAllowed
from ..forms.posts import ActionForm, EditForm, ReplyForm
from ..models import Post, utcnow
from ..permissions import can_delete_post, can_edit_post, can_undo_delete
from ..services import posts, records, threads, votes
from .helpers import wants_fragment
from .threads import post_url, preview_response, show_body_error

bp = Blueprint("posts", __name__)


@bp.get("/posts/<int:post_id>")
def show(post_id: int):
    post = posts.get_post(post_id, current_user)
    if wants_fragment():
        response = _fragment(post)
    else:
        response = _render_permalink(post, _reply_form(post), replying=request.args.get("reply") == "1")
    return response, {"Vary": "HX-Request"}


@bp.get("/posts/<int:post_id>/quote")
@login_required
def quote(post_id: int):
    """The post's Markdown as a quote, for the script's "Quote" when no text of the post is selected."""
    post = posts.get_post(post_id, current_user)
    return posts.quote_post(current_user, post), {"Content-Type": "text/plain; charset=utf-8"}


def _reply_form(post: Post) -> ReplyForm:
    """A blank reply form, or one starting with the post quoted ("Quote" without JavaScript: ?quote=1)."""
    if request.args.get("quote") == "1" and current_user.is_authenticated:
        return ReplyForm(formdata=None, data={"body": posts.quote_post(current_user, post)})
    return ReplyForm(formdata=None)


@bp.post("/posts/<int:post_id>/reply")
@login_required
def reply(post_id: int):
    parent = posts.get_post(post_id, current_user)
    form, status = ReplyForm(), 422
    if form.validate_on_submit():
        try:
            post = posts.reply_to(current_user, parent, body=form.body.data)
        except ForumError as error:
            status = show_body_error(form, error)
        else:
            if wants_fragment():
                return render_template("posts/_replied.html", parent=parent, thread=post.thread,
                                       view=threads.read_summary(post.thread, current_user),
                                       post=records.post_record(post, current_user))
            return redirect(post_url(post))
    if wants_fragment():
        return render_template("posts/_reply_form.html", post=parent, form=form)
    return _render_permalink(parent, form, replying=True), status


@bp.post("/posts/<int:post_id>/reply/preview")
@login_required
def preview_reply(post_id: int):
    """The reply as it would read: in place with htmx, else above the kept form on the permalink."""
    parent = posts.get_post(post_id, current_user)
    form = ReplyForm()
    return preview_response(form, lambda html: _render_permalink(parent, form, replying=True, preview=html))


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(post_id: int):
    post = posts.get_post(post_id, current_user)
    if not can_edit_post(current_user, post):
        raise NotAllowed("You can only edit your own posts, in threads that are open.")
    form, status = (EditForm(data={"body": post.body}), 200) if request.method == "GET" else (EditForm(), 422)
    if form.validate_on_submit():
        try:
            posts.edit_post(current_user, post, body=form.body.data)
        except ForumError as error:
            status = show_body_error(form, error)
        else:
            return _fragment(post) if wants_fragment() else redirect(post_url(post))
    record = records.post_record(post, current_user)
    if wants_fragment():
        return render_template("posts/_edit_form.html", post=record, form=form), {"Vary": "HX-Request"}
    return render_template("posts/edit.html", post=record, form=form), status, {"Vary": "HX-Request"}


@bp.get("/posts/<int:post_id>/delete")
@login_required
def confirm_delete(post_id: int):
    """"Delete" without JavaScript asks here first; once the post is deleted, this page offers "Undo" for a while."""
    post = posts.get_post(post_id, current_user)
    undo = can_undo_delete(current_user, post, now=utcnow())
    if not (undo or can_delete_post(current_user, post)):
        raise NotAllowed("You can only delete your own posts.")
    return render_template("posts/delete.html", post=records.post_record(post, current_user), undo=undo,
                           back=post_url(post))


@bp.post("/posts/<int:post_id>/delete")
@login_required
def delete(post_id: int):
    post = posts.get_post(post_id, current_user)
    if ActionForm().validate_on_submit():
        posts.delete_post(current_user, post)
    if wants_fragment():
        return render_template("posts/_deleted.html", post=post)
    return redirect(url_for("posts.confirm_delete", post_id=post.id), 303)


@bp.post("/posts/<int:post_id>/undo-delete")
@login_required
def undo_delete(post_id: int):
    post = posts.get_post(post_id, current_user)
    if ActionForm().validate_on_submit():
        posts.undo_delete(current_user, post)
    return _fragment(post) if wants_fragment() else redirect(post_url(post))


@bp.post("/posts/<int:post_id>/upvote")
@login_required
def upvote(post_id: int):
    return _vote(post_id, 1)


@bp.post("/posts/<int:post_id>/downvote")
@login_required
def downvote(post_id: int):
    return _vote(post_id, -1)


@bp.get("/posts/<int:post_id>/history")
@login_required
def history(post_id: int):
    post = posts.get_post(post_id, current_user)
    return render_template("posts/history.html", post=post, revisions=posts.post_history(current_user, post))


def _vote(post_id: int, value: int):
    post = posts.get_post(post_id, current_user)
    if ActionForm().validate_on_submit():
        votes.cast_vote(current_user, post, value=value)
    return _fragment(post) if wants_fragment() else redirect(post_url(post))


def _fragment(post: Post) -> str:
    return render_template("posts/_post.html", post=records.post_record(post, current_user))


def _render_permalink(post: Post, form: ReplyForm, *, replying: bool, preview: str | None = None):
    view = threads.read_post(post, current_user, sort=threads.parse_sort(request.args.get("sort")))
    return render_template("posts/show.html", post=post, thread=post.thread, view=view,
                           form=form, replying=replying, reply_preview=preview)
