"""Forms for notifications, following threads and API tokens: shape only."""

from __future__ import annotations

from wtforms import BooleanField, StringField, SubmitField

from . import Form, at_most, squash
from ..limits import TOKEN_NAME_MAX


class NotificationSettingsForm(Form):
    follow_own_threads = BooleanField("Follow threads I start")
    follow_replied_threads = BooleanField("Follow threads I post in")
    email_notifications = BooleanField("Email me each notification")
    submit = SubmitField("Save notification settings")


class TokenCreateForm(Form):
    name = StringField("Token name", validators=[at_most(TOKEN_NAME_MAX, "the name")], filters=[squash],
                       id="token-name")
    submit = SubmitField("Create token")


class TokenRevokeForm(Form):
    submit = SubmitField("Revoke")


class FollowForm(Form):
    submit = SubmitField("Follow")


class MarkReadForm(Form):
    submit = SubmitField("Mark all read")
