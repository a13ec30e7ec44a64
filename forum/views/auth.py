"""Registering, logging in and logging out."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..errors import ForumError, RateLimited
from ..services import auth, signups
from ..forms.auth import ConfirmSignupForm, LoginForm, LogoutForm, RegisterForm
from .helpers import safe_next, show_error

bp = Blueprint("auth", __name__)


@bp.route("/register", methods=["GET", "POST"])
def register():
    form, status = RegisterForm(), 200
    if form.validate_on_submit():
        if current_app.config["REQUIRE_EMAIL_VERIFICATION"]:
            return _request_signup(form)
        try:
            user = auth.register(
                username=form.username.data, email=form.email.data, password=form.password.data,
                address=request.remote_addr or "",
            )
        except ForumError as error:
            status = show_error(form, error)
        else:
            _start_session(user, remember=False)
            flash(f"Welcome to Agora, {user.username}.", "success")
            return redirect(url_for("articles.index"))
    return render_template("auth/register.html", form=form), status


def _request_signup(form: RegisterForm):
    try:
        signups.request_signup(username=form.username.data, email=form.email.data, password=form.password.data,
                               address=request.remote_addr or "")
    except RateLimited as error:
        show_error(form, error)
        return render_template("auth/register.html", form=form), 429, {"Retry-After": str(error.retry_after)}
    except ForumError as error:
        show_error(form, error)
        return render_template("auth/register.html", form=form)
    return render_template("auth/check_email.html", email=form.email.data)


@bp.route("/register/confirm/<token>", methods=["GET", "POST"])
def confirm_signup(token: str):
    """GET shows the Create account button and changes nothing; its POST creates the account."""
    form = ConfirmSignupForm()
    try:
        pending = signups.pending_signup(token)
        if form.validate_on_submit():
            user = signups.confirm_signup(token)
            _start_session(user, remember=False)
            flash(f"Welcome to Agora, {user.username}.", "success")
            return redirect(url_for("articles.index"))
    except ForumError as error:
        return render_template("auth/confirm_signup.html", form=None, message=error.message), 400
    return render_template("auth/confirm_signup.html", form=form, pending=pending)


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    target = safe_next(request.args.get("next"), url_for("articles.index"))
    if form.validate_on_submit():
        try:
            user = auth.authenticate(
                form.identifier.data, form.password.data, address=request.remote_addr or ""
            )
        except ForumError as error:
            status = show_error(form, error)
            # A wrong password is an ordinary answer (200), as it was for browsers and password managers.
            return render_template("auth/login.html", form=form), 429 if status == 429 else 200
        _start_session(user, remember=form.remember.data)
        return redirect(target)
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    if LogoutForm().validate_on_submit():
        auth.end_sessions(current_user)
        logout_user()
        session.clear()
        flash("You are logged out.", "success")
    return redirect(url_for("articles.index"))


def _start_session(user, *, remember: bool) -> None:
    # A fresh session at login: nothing set before it (a planted id) survives.
    session.clear()
    login_user(user, remember=remember)
    session.permanent = True
