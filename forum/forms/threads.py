"""The form for starting a thread of one's own under an article: shape only."""

from __future__ import annotations

from wtforms import StringField, SubmitField, TextAreaField

from . import Form, at_most, squash
from ..limits import THREAD_TITLE_MAX


class ThreadForm(Form):
    title = StringField("Your question", validators=[at_most(THREAD_TITLE_MAX, "the title")], filters=[squash])
    body = TextAreaField("Details", render_kw={"rows": 6})
    submit = SubmitField("Start thread")
