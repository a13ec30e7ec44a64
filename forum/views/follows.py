"""Following threads: a member who follows a thread hears of every new post in it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..errors import ForumError
from ..forms.follows import FollowForm
from ..models import Thread
from ..services import follows, threads
from .helpers import wants_fragment

bp = Blueprint("follows", __name__)


@bp.app_context_processor
def _template_helpers() -> dict[str, Any]:
    return {"follow_form": FollowForm}


@bp.post("/threads/<int:thread_id>/follow")
@login_required
def follow(thread_id: int):
    return _set_following(threads.get_thread(thread_id, current_user), follow=True)


@bp.post("/threads/<int:thread_id>/unfollow")
@login_required
def unfollow(thread_id: int):
    return _set_following(threads.get_thread(thread_id, current_user), follow=False)


def _set_following(thread: Thread, *, follow: bool):
    try:
        (follows.follow_thread if follow else follows.unfollow_thread)(current_user, thread)
    except ForumError as error:
        flash(error.message, "error")
    if wants_fragment():
        return render_template("follows/_follow.html", thread=thread,
                               following=follows.is_following(current_user, thread))
    return redirect(url_for("threads.show", thread_id=thread.id))
