"""Moderator actions on threads and posts, the report and approval queues, and the public moderation log.

An article's moderation is in article_moderation, a member's in member_moderation; they share ``run_action``.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..errors import ForumError, NotAllowed
from ..extensions import db
from ..forms.moderation import (
    ModerationForm, RemovePostForm, ReportForm, ResolveReportForm, SlowModeForm, SuspendForm,
)
from ..limits import MAX_ROW_ID
from ..models import Post, Report, Thread
from ..permissions import can_report
from ..services import moderation, moderation_log, posts, reports
from ..templating import plural
from .helpers import moderator_required, page_number, safe_next, show_error
from .threads import post_url

bp = Blueprint("moderation", __name__)

BLANK_FORMS = {"reason": ModerationForm, "remove": RemovePostForm, "slow": SlowModeForm,
               "suspend": SuspendForm, "resolve": ResolveReportForm}

# Each form's prefix is its URL verb (plus the post or report id where a page shows many):
# field and token ids then stay unique on a page holding several forms. The thread's lock, hide,
# pin and answer-first share one form, prefixed "thread".


def blank_form(kind: str, prefix: str = "", **data) -> ModerationForm:
    """An empty form for a template: ``moderation_form("reason", "lock")`` renders the lock form's fields."""
    return BLANK_FORMS[kind](formdata=None, prefix=prefix, **data)


@bp.app_context_processor
def _template_helpers() -> dict[str, Callable]:
    return {"moderation_form": blank_form}


def thread_url(thread: Thread) -> str:
    return url_for("threads.show", thread_id=thread.id)


def run_action(form: ModerationForm, action: Callable[[], object], *, back: str, done: str | Callable[[], str],
               button: str):
    """Validate, call the service, then go back with a message, or show the form with errors beside fields.

    A switch's ``done`` is a function that reads the state after the change, so the message says it
    ("Pre-moderation is on.") rather than that something was switched.
    """
    back = safe_next(form.next.data, back)
    if form.validate_on_submit():
        try:
            action()
        except NotAllowed:
            raise
        except ForumError as error:
            if not (error.field and hasattr(form, error.field)):
                flash(error.message, "error")
                return redirect(back)
            show_error(form, error)
        else:
            flash(done() if callable(done) else done, "success")
            return redirect(back)
    # 200 like the other forms of the site: the browser shows the page, the errors sit beside the fields.
    return render_template("moderation/fix_form.html", form=form, button=button, back=back)


def _thread_action(thread_id: int, service: Callable, *, done: str, button: str):
    thread = db.get_or_404(Thread, thread_id)
    # The thread's "Moderate" menu posts one form (prefix "thread") to whichever action's button is pressed.
    form = ModerationForm(prefix="thread")
    return run_action(form, lambda: service(current_user, thread, reason=form.reason.data),
                      back=thread_url(thread), done=done, button=button)


@bp.post("/threads/<int:thread_id>/lock")
@moderator_required
def lock_thread(thread_id: int):
    return _thread_action(thread_id, moderation.lock_thread, done="The thread is locked.", button="Lock thread")


@bp.post("/threads/<int:thread_id>/unlock")
@moderator_required
def unlock_thread(thread_id: int):
    return _thread_action(thread_id, moderation.unlock_thread, done="The thread is unlocked.",
                          button="Unlock thread")


@bp.post("/threads/<int:thread_id>/pin")
@moderator_required
def pin_thread(thread_id: int):
    return _thread_action(thread_id, moderation.pin_thread, done="The thread is pinned.", button="Pin thread")


@bp.post("/threads/<int:thread_id>/unpin")
@moderator_required
def unpin_thread(thread_id: int):
    return _thread_action(thread_id, moderation.unpin_thread, done="The thread is unpinned.",
                          button="Unpin thread")


@bp.post("/threads/<int:thread_id>/hide")
@moderator_required
def hide_thread(thread_id: int):
    return _thread_action(thread_id, moderation.hide_thread, done="The thread is hidden from readers.",
                          button="Hide thread")


@bp.post("/threads/<int:thread_id>/unhide")
@moderator_required
def unhide_thread(thread_id: int):
    return _thread_action(thread_id, moderation.unhide_thread, done="The thread is visible again.",
                          button="Unhide thread")


@bp.post("/threads/<int:thread_id>/answer-first")
@moderator_required
def require_answers_first(thread_id: int):
    return _thread_action(thread_id, moderation.require_answers_first,
                          done="Members now answer before they see others' answers.",
                          button="Require answers first")


@bp.post("/threads/<int:thread_id>/answers-to-all")
@moderator_required
def show_answers_to_all(thread_id: int):
    return _thread_action(thread_id, moderation.show_answers_to_all,
                          done="Everyone sees the answers again.", button="Show answers to all")


@bp.post("/threads/<int:thread_id>/start-contest")
@moderator_required
def start_contest_mode(thread_id: int):
    return _thread_action(thread_id, moderation.start_contest_mode,
                          done="Contest mode is on: scores are hidden and answers shuffled.",
                          button="Start contest mode")


@bp.post("/threads/<int:thread_id>/end-contest")
@moderator_required
def end_contest_mode(thread_id: int):
    return _thread_action(thread_id, moderation.end_contest_mode,
                          done="Contest mode is off: scores show again.", button="End contest mode")


@bp.post("/threads/<int:thread_id>/end-heat")
@moderator_required
def end_heat(thread_id: int):
    return _thread_action(thread_id, moderation.end_heat, done="Automatic slow mode has ended.",
                          button="End slow mode")


@bp.post("/threads/<int:thread_id>/extend-heat")
@moderator_required
def extend_heat(thread_id: int):
    return _thread_action(thread_id, moderation.extend_heat, done="Automatic slow mode goes on longer.",
                          button="Extend slow mode")


@bp.post("/threads/<int:thread_id>/slow-mode")
@moderator_required
def set_slow_mode(thread_id: int):
    thread = db.get_or_404(Thread, thread_id)
    form = SlowModeForm(prefix="slow-mode")
    return run_action(
        form,
        lambda: moderation.set_slow_mode(current_user, thread, seconds=form.seconds.data, reason=form.reason.data),
        back=thread_url(thread), done=lambda: _slow_mode_state(thread), button="Set slow mode")


def _slow_mode_state(thread: Thread) -> str:
    seconds = thread.slow_mode_seconds
    return f"Slow mode is on: one post every {plural(seconds, 'second')}." if seconds else "Slow mode is off."


@bp.post("/posts/<int:post_id>/remove")
@moderator_required
def remove_post(post_id: int):
    post = db.get_or_404(Post, post_id)
    form = RemovePostForm(prefix=f"remove-{post.id}")
    return run_action(form, lambda: moderation.remove_post(current_user, post, reason=form.reason.data),
                      back=post_url(post), done="The post is removed.", button="Remove")


def post_action(post_id: int, verb: str, service: Callable, *, done: str):
    """A moderator's action on one post, from its form in the post's Moderate menu."""
    post = db.get_or_404(Post, post_id)
    form = ModerationForm(prefix=f"{verb}-{post.id}")
    return run_action(form, lambda: service(current_user, post, reason=form.reason.data),
                      back=post_url(post), done=done, button=verb.capitalize())


@bp.post("/posts/<int:post_id>/restore")
@moderator_required
def restore_post(post_id: int):
    return post_action(post_id, "restore", moderation.restore_post, done="The post is restored.")


@bp.post("/posts/<int:post_id>/approve")
@moderator_required
def approve_post(post_id: int):
    return post_action(post_id, "approve", moderation.approve_post, done="The post is approved.")


@bp.post("/posts/<int:post_id>/reject")
@moderator_required
def reject_post(post_id: int):
    return post_action(post_id, "reject", moderation.reject_post, done="The post is rejected.")


@bp.route("/posts/<int:post_id>/report", methods=["GET", "POST"])
@login_required
def report_post(post_id: int):
    post = posts.get_post(post_id, current_user)
    if not can_report(current_user, post):
        raise NotAllowed("You cannot report this post.")
    form, status = ReportForm(prefix="report"), 200
    if form.validate_on_submit():
        try:
            reports.file_report(current_user, post, reason=form.reason.data, details=form.details.data or "")
        except ForumError as error:
            status = show_error(form, error)
        else:
            flash("Thank you. A moderator will look at this post.", "success")
            return redirect(post_url(post))
    return render_template("moderation/report.html", form=form, post=post), status


@bp.get("/mod/reports")
@moderator_required
def reports_queue():
    groups, has_next = reports.open_report_groups(current_user, page=page_number())
    return render_template("moderation/reports.html", groups=groups, page=page_number(), has_next=has_next)


@bp.post("/mod/reports/<int:report_id>/resolve")
@moderator_required
def resolve_report(report_id: int):
    report = db.get_or_404(Report, report_id)
    form = ResolveReportForm(prefix=f"resolve-{report.id}")
    return run_action(
        form, lambda: reports.resolve_report(current_user, report, remove=form.remove.data, reason=form.reason.data),
        back=url_for("moderation.reports_queue"), done="The reports are resolved.", button="Resolve")


@bp.post("/mod/reports/<int:report_id>/dismiss")
@moderator_required
def dismiss_report(report_id: int):
    report = db.get_or_404(Report, report_id)
    form = ModerationForm(prefix=f"dismiss-{report.id}")
    return run_action(form, lambda: reports.dismiss_report(current_user, report, reason=form.reason.data),
                      back=url_for("moderation.reports_queue"), done="The reports are dismissed.", button="Dismiss")


@bp.get("/mod/queue")
@moderator_required
def approval_queue():
    pending, has_next = moderation.pending_posts(current_user, page=page_number())
    return render_template("moderation/queue.html", posts=pending, page=page_number(), has_next=has_next)


@bp.get("/mod/log")
def log():
    target_type, _, target_id = request.args.get("target", "").partition(":")
    log = moderation_log.log_entries(
        current_user, action=request.args.get("action") or None, target_type=target_type or None,
        target_id=int(target_id) if target_id.isdigit() and int(target_id) <= MAX_ROW_ID else None,
        page=page_number())
    return render_template("moderation/log.html", log=log, entries=log.entries, page=page_number(),
                           has_next=log.has_next, action_names=moderation_log.ACTION_NAMES,
                           action_name=moderation_log.action_name)
