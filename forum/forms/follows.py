"""Forms for following threads: shape only."""

from __future__ import annotations

from wtforms import SubmitField

from . import Form


class FollowForm(Form):
    submit = SubmitField("Follow")
