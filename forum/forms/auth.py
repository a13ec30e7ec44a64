"""Forms for registering, logging in and account settings: shape only."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from ..limits import EMAIL_MAX, PASSWORD_MAX, USERNAME_MAX

# Upper bounds only; the account rules proper live in services.accounts and services.passwords.


def new_password(label: str) -> PasswordField:
    return PasswordField(label, validators=[DataRequired(), Length(max=PASSWORD_MAX)],
                         render_kw={"autocomplete": "new-password"})


def password_again(label: str) -> PasswordField:
    """The same password typed twice, so a typo does not lock its owner out."""
    return PasswordField(label, validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")],
                         render_kw={"autocomplete": "new-password"})


class RegisterForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=USERNAME_MAX)],
                           render_kw={"autocomplete": "username"})
    email = EmailField("Email", validators=[DataRequired(), Length(max=EMAIL_MAX)],
                       render_kw={"autocomplete": "email"})
    password = new_password("Password")
    confirm = password_again("Confirm password")
    submit = SubmitField("Create account")


class LoginForm(FlaskForm):
    identifier = StringField("Username or email", validators=[DataRequired(), Length(max=EMAIL_MAX)],
                             render_kw={"autocomplete": "username"})
    password = PasswordField("Password", validators=[DataRequired(), Length(max=PASSWORD_MAX)],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField("Remember me")
    submit = SubmitField("Log in")


class LogoutForm(FlaskForm):
    submit = SubmitField("Log out")


class EmailForm(FlaskForm):
    email = EmailField("New email", validators=[DataRequired(), Length(max=EMAIL_MAX)],
                       render_kw={"autocomplete": "email"})
    # Its own id: the password form on the same page has a "current_password" too.
    current_password = PasswordField("Current password", validators=[DataRequired()],
                                     id="email-current-password",
                                     render_kw={"autocomplete": "current-password"})
    submit = SubmitField("Change email")


class PasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()],
                                     render_kw={"autocomplete": "current-password"})
    password = new_password("New password")
    confirm = password_again("Confirm new password")
    submit = SubmitField("Change password")


class ResetRequestForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=EMAIL_MAX)],
                       render_kw={"autocomplete": "email"})
    submit = SubmitField("Send reset link")


class NewPasswordForm(FlaskForm):
    password = new_password("New password")
    confirm = password_again("Confirm new password")
    submit = SubmitField("Set new password")


class ConfirmSignupForm(FlaskForm):
    submit = SubmitField("Create account")
