"""Forms for resetting a forgotten password: shape only."""

from __future__ import annotations

from wtforms import EmailField, SubmitField
from wtforms.validators import DataRequired, Length

from . import Form
from ..limits import EMAIL_MAX
from .auth import new_password, password_again


class ResetRequestForm(Form):
    email = EmailField("Email", validators=[DataRequired(), Length(max=EMAIL_MAX)],
                       render_kw={"autocomplete": "email"})
    submit = SubmitField("Send reset link")


class NewPasswordForm(Form):
    password = new_password("New password")
    confirm = password_again("Confirm new password")
    submit = SubmitField("Set new password")
