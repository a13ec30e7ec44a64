"""Member profiles and account settings."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..errors import ForumError
from ..forms.users import DeleteAccountForm, EmailForm, PasswordForm, ProfileForm
from ..services import account_deletion, auth, profiles, user_data, user_records, users
from .helpers import keep_out_of_caches, page_number, show_error
from . import notifications, tokens

bp = Blueprint("users", __name__)


@bp.get("/u/<username>")
def profile(username: str):
    profile = users.read_profile(users.get_user(username), current_user, page=page_number())
    return render_template("users/profile.html", user=profile.user, posts=profile.posts, profile=profile,
                           record=user_records.user_record(profile.user, current_user))


@bp.get("/settings")
@login_required
def settings():
    return _render_settings()


@bp.post("/settings/profile")
@login_required
def edit_profile():
    form = ProfileForm()
    if form.validate_on_submit():
        try:
            profiles.edit_profile(current_user, display_name=form.display_name.data, bio=form.bio.data)
        except ForumError as error:
            show_error(form, error)
        else:
            flash("Your profile is saved.", "success")
            return redirect(url_for("users.settings"))
    return _render_settings(profile_form=form), 422


@bp.post("/settings/email")
@login_required
def change_email():
    form = EmailForm()
    if form.validate_on_submit():
        try:
            auth.change_email(
                current_user, current_password=form.current_password.data, email=form.email.data
            )
        except ForumError as error:
            show_error(form, error)
        else:
            flash("Your email is changed.", "success")
            return redirect(url_for("users.settings"))
    return _render_settings(email_form=form)


@bp.post("/settings/password")
@login_required
def change_password():
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            auth.change_password(
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
    return _render_settings(password_form=form)


@bp.get("/settings/data.json")
@login_required
def download_data():
    """The member's own data as a JSON file; a GET that only reads, kept out of every cache."""
    keep_out_of_caches()
    response = jsonify(user_data.read_user_data(current_user))
    response.headers["Content-Disposition"] = f'attachment; filename="agora-{current_user.username}.json"'
    return response


@bp.route("/settings/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    """Delete my account, confirmed with the password; the data download is offered first."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            account_deletion.delete_account(current_user._get_current_object(), password=form.password.data,
                                            posts=form.posts.data)
        except ForumError as error:
            show_error(form, error)
        else:
            logout_user()
            session.clear()
            flash("Your account is deleted.", "success")
            return redirect(url_for("articles.index"))
    keep_out_of_caches()
    return render_template("users/delete.html", form=form), 422 if form.errors else 200


def _render_settings(*, profile_form: ProfileForm | None = None, email_form: EmailForm | None = None,
                     password_form: PasswordForm | None = None):
    """The settings page, with the form that was just sent (its typed text and errors) in place of a blank one."""
    keep_out_of_caches()
    return render_template(
        "users/settings.html", account=current_user,
        profile_form=profile_form or ProfileForm(formdata=None, obj=current_user),
        email_form=email_form or EmailForm(formdata=None, email=current_user.email),
        password_form=password_form or PasswordForm(formdata=None),
        notification_settings=notifications.settings_context(), token_settings=tokens.settings_context())
