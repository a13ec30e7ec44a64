"""Member profiles and account settings."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, url_for
from flask_login import current_user, login_required, login_user

from ..errors import ForumError
from ..forms.auth import EmailForm, PasswordForm
from ..services import accounts, member_data, members
from .helpers import keep_out_of_caches, page_number, show_error
from .notifications import settings_context

bp = Blueprint("users", __name__)


@bp.get("/u/<username>")
def profile(username: str):
    profile = members.read_profile(accounts.get_user(username), current_user, page=page_number())
    return render_template("users/profile.html", user=profile.user, posts=profile.posts, profile=profile)


@bp.get("/settings")
@login_required
def settings():
    return _render_settings(EmailForm(formdata=None, email=current_user.email), PasswordForm(formdata=None))


@bp.post("/settings/email")
@login_required
def change_email():
    form = EmailForm()
    if form.validate_on_submit():
        try:
            accounts.change_email(
                current_user, current_password=form.current_password.data, email=form.email.data
            )
        except ForumError as error:
            show_error(form, error)
        else:
            flash("Your email is changed.", "success")
            return redirect(url_for("users.settings"))
    return _render_settings(form, PasswordForm(formdata=None))


@bp.post("/settings/password")
@login_required
def change_password():
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(
                current_user,
                current_password=form.current_password.data,
                new_password=form.password.data,
            )
        except ForumError as error:
            show_error(form, error)
        else:
            # The generation moved on: keep this session, end all the others.
            login_user(current_user._get_current_object())
            flash("Your password is changed. Other sessions were logged out.", "success")
            return redirect(url_for("users.settings"))
    return _render_settings(EmailForm(formdata=None, email=current_user.email), form)


@bp.get("/settings/data.json")
@login_required
def download_data():
    """The member's own data as a JSON file; a GET that only reads, kept out of every cache."""
    keep_out_of_caches()
    response = jsonify(member_data.member_data(current_user))
    response.headers["Content-Disposition"] = f'attachment; filename="agora-{current_user.username}.json"'
    return response


def _render_settings(email_form: EmailForm, password_form: PasswordForm):
    keep_out_of_caches()
    return render_template("users/settings.html", email_form=email_form, password_form=password_form,
                           notification_settings=settings_context())
