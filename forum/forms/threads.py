"""The form for starting a thread of one's own under an article: shape only."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import Length

TITLE_MAX = 200


class ThreadForm(FlaskForm):
    title = StringField("Your question", validators=[Length(max=TITLE_MAX)])
    body = TextAreaField("Details", render_kw={"rows": 6})
    submit = SubmitField("Start thread")
