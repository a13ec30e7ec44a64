"""Forms for notifications, following threads and API tokens: shape only."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, SubmitField

from . import at_most, squash
from ..limits import TOKEN_NAME_MAX


class NotificationSettingsForm(FlaskForm):
    follow_own_threads = BooleanField("Follow threads I start")
    follow_replied_threads = BooleanField("Follow threads I post in")
    email_notifications = BooleanField("Email me each notification")
    submit = SubmitField("Save notification settings")


class TokenCreateForm(FlaskForm):
    name = StringField("Token name", validators=[at_most(TOKEN_NAME_MAX, "the name")], filters=[squash],
                       id="token-name")
    submit = SubmitField("Create token")


class TokenRevokeForm(FlaskForm):
    submit = SubmitField("Revoke")


class FollowForm(FlaskForm):
    submit = SubmitField("Follow")


class MarkReadForm(FlaskForm):
    submit = SubmitField("Mark all read")
