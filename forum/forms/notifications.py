"""Forms for notifications, following threads and API tokens: shape only."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, SubmitField
from wtforms.validators import Length

TOKEN_NAME_MAX = 100


class NotificationSettingsForm(FlaskForm):
    follow_own_threads = BooleanField("Follow threads I start")
    follow_replied_threads = BooleanField("Follow threads I post in")
    email_notifications = BooleanField("Email me each notification")
    submit = SubmitField("Save notification settings")


class TokenCreateForm(FlaskForm):
    name = StringField("Token name", validators=[Length(max=TOKEN_NAME_MAX)], id="token-name")
    submit = SubmitField("Create token")


class TokenRevokeForm(FlaskForm):
    submit = SubmitField("Revoke")


class FollowForm(FlaskForm):
    submit = SubmitField("Follow")


class MarkReadForm(FlaskForm):
    submit = SubmitField("Mark all read")
