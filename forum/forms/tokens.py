"""Forms for API tokens: shape only."""

from __future__ import annotations

from wtforms import StringField, SubmitField

from . import Form, at_most, squash
from ..limits import TOKEN_NAME_MAX


class TokenCreateForm(Form):
    name = StringField("Token name", validators=[at_most(TOKEN_NAME_MAX, "the name")], filters=[squash],
                       id="token-name")
    submit = SubmitField("Create token")


class TokenRevokeForm(Form):
    submit = SubmitField("Revoke")
