"""Forms for notifications and their settings: shape only."""

from __future__ import annotations

from wtforms import BooleanField, SubmitField

from . import Form


class NotificationSettingsForm(Form):
    follow_own_threads = BooleanField("Follow threads I start")
    follow_replied_threads = BooleanField("Follow threads I post in")
    email_notifications = BooleanField("Email me each notification")
    submit = SubmitField("Save notification settings")


class MarkReadForm(Form):
    submit = SubmitField("Mark all read")
