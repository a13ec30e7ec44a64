"""Forms for a member's own profile: shape only."""

from __future__ import annotations

from wtforms import StringField, SubmitField, TextAreaField

from . import Form, at_most, squash
from ..limits import BIO_MAX, DISPLAY_NAME_MAX


class ProfileForm(Form):
    display_name = StringField("Display name", validators=[at_most(DISPLAY_NAME_MAX, "the display name")],
                               filters=[squash], render_kw={"autocomplete": "name"})
    bio = TextAreaField("Bio", validators=[at_most(BIO_MAX, "the bio")], render_kw={"rows": 5})
    submit = SubmitField("Save profile")
