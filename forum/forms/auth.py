"""Forms for registering and logging in, and the new-password fields other forms share: shape only."""

from __future__ import annotations

from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from . import Form
from ..limits import EMAIL_MAX, PASSWORD_MAX, USERNAME_MAX

# Upper bounds only; the account rules proper live in services.auth and services.passwords.


def new_password(label: str) -> PasswordField:
    return PasswordField(label, validators=[DataRequired(), Length(max=PASSWORD_MAX)],
                         render_kw={"autocomplete": "new-password"})


def password_again(label: str) -> PasswordField:
    """The same password typed twice, so a typo does not lock its owner out."""
    return PasswordField(label, validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")],
                         render_kw={"autocomplete": "new-password"})


class RegisterForm(Form):
    username = StringField("Username", validators=[DataRequired(), Length(max=USERNAME_MAX)],
                           render_kw={"autocomplete": "username"})
    email = EmailField("Email", validators=[DataRequired(), Length(max=EMAIL_MAX)],
                       render_kw={"autocomplete": "email"})
    password = new_password("Password")
    confirm = password_again("Confirm password")
    submit = SubmitField("Create account")


class LoginForm(Form):
    identifier = StringField("Username or email", validators=[DataRequired(), Length(max=EMAIL_MAX)],
                             render_kw={"autocomplete": "username"})
    password = PasswordField("Password", validators=[DataRequired(), Length(max=PASSWORD_MAX)],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField("Remember me")
    submit = SubmitField("Log in")


class LogoutForm(Form):
    submit = SubmitField("Log out")


class ConfirmSignupForm(Form):
    submit = SubmitField("Create account")
