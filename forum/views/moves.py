"""Moderators moving a post to another question of its article, and merging threads: one page per action."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from ..errors import ForumError, Invalid
from ..extensions import db
from ..forms.moderation import MergeThreadForm, MovePostForm
from ..limits import MAX_ROW_ID
from ..models import Post, Thread
from ..permissions import can_merge_thread
from ..services import moves
from .helpers import moderator_required, show_error
from .threads import post_url

bp = Blueprint("moves", __name__)


@bp.route("/posts/<int:post_id>/move", methods=["GET", "POST"])
@moderator_required
def move_post(post_id: int):
    post = db.get_or_404(Post, post_id)
    form = MovePostForm(prefix="move")
    form.thread_id.choices = _choices(moves.move_targets(current_user, post.thread))
    status = 200 if not form.is_submitted() else 422
    if form.validate_on_submit():
        try:
            moves.move_post(current_user, post, target=_chosen(form), reason=form.reason.data)
        except ForumError as error:
            show_error(form, error)
            status = error.status
        else:
            flash(f"The post is moved to “{post.thread.title}”.", "success")
            return redirect(post_url(post))
    return render_template("moves/move_post.html", form=form, post=post), status


@bp.route("/threads/<int:thread_id>/merge", methods=["GET", "POST"])
@moderator_required
def merge_thread(thread_id: int):
    thread = db.get_or_404(Thread, thread_id)
    form = MergeThreadForm(prefix="merge")
    form.thread_id.choices = _choices(moves.move_targets(current_user, thread))
    status = 200 if not form.is_submitted() else 422
    if form.validate_on_submit():
        try:
            target = moves.merge_thread(current_user, thread, target=_chosen(form), reason=form.reason.data)
        except ForumError as error:
            show_error(form, error)
            status = error.status
        else:
            flash(f"“{thread.title}” is merged into “{target.title}”.", "success")
            return redirect(url_for("threads.show", thread_id=target.id))
    return render_template("moves/merge_thread.html", form=form, thread=thread,
                           mergeable=can_merge_thread(current_user, thread)), status


def _choices(threads: list[Thread]) -> list[tuple[int, str]]:
    return [(thread.id, thread.title) for thread in threads]


def _chosen(form: MovePostForm | MergeThreadForm) -> Thread:
    """The thread picked in ``form``; one that does not exist is refused beside the list."""
    thread_id = form.thread_id.data
    thread = db.session.get(Thread, thread_id) if thread_id <= MAX_ROW_ID else None
    if thread is None:
        raise Invalid("Choose one of the threads listed.", field="thread_id")
    return thread
