"""Password reset pages: ask for a link, then choose a new password on the page it opens."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from ..errors import ForumError, RateLimited
from ..forms.password_resets import NewPasswordForm, ResetRequestForm
from ..services import mail, password_resets
from .helpers import keep_out_of_caches, show_error

bp = Blueprint("password_resets", __name__)


@bp.route("/password/reset", methods=["GET", "POST"])
def request_link():
    form = ResetRequestForm()
    if not mail.mail_enabled():
        return render_template("password_resets/request_link.html", form=None)
    if form.validate_on_submit():
        try:
            password_resets.request_reset(form.email.data, address=request.remote_addr or "")
        except RateLimited as error:
            show_error(form, error)
            return (render_template("password_resets/request_link.html", form=form), 429,
                    {"Retry-After": str(error.retry_after)})
        except ForumError as error:
            show_error(form, error)
        else:
            return render_template("password_resets/request_link.html", form=form, sent_to=form.email.data)
    return render_template("password_resets/request_link.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def choose_password(token: str):
    """GET shows the form and changes nothing; only the POST uses up the link."""
    keep_out_of_caches()  # the page's address is the link itself
    form = NewPasswordForm()
    try:
        user = password_resets.user_for_token(token)
    except ForumError as error:
        return render_template("password_resets/choose_password.html", form=None, message=error.message), 400
    if form.validate_on_submit():
        try:
            password_resets.reset_password(token, password=form.password.data)
        except ForumError as error:
            show_error(form, error)
        else:
            flash("Your password is set and every session and API token of the account has ended. "
                  "Log in with the new password.", "success")
            return redirect(url_for("auth.login"))
    return render_template("password_resets/choose_password.html", form=form, user=user)
