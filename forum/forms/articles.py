"""Forms for importing, previewing and editing articles: shape only."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import StringField, SubmitField, TextAreaField, URLField
from wtforms.validators import DataRequired, Length, Optional

BODY_MAX = 200_000


class ImportForm(FlaskForm):
    url = URLField("Article URL", validators=[Optional(), Length(max=2000)],
                   render_kw={"placeholder": "https://example.org/story", "inputmode": "url"})
    file = FileField("Article file", render_kw={"accept": ".txt,.md,.markdown,.html,.htm,text/plain,text/markdown,text/html"})
    text = TextAreaField("Article text", validators=[Optional(), Length(max=BODY_MAX)], render_kw={"rows": 12})
    submit = SubmitField("Extract questions")


class ArticleForm(FlaskForm):
    """The preview before publishing, and the edit page: the questions one per line."""

    title = StringField("Title", validators=[DataRequired(), Length(max=300)])
    source_url = URLField("Source", validators=[Optional(), Length(max=2000)])
    body = TextAreaField("Body", validators=[Length(max=BODY_MAX)], render_kw={"rows": 14})
    questions = TextAreaField("Questions", validators=[Length(max=20 * 510)], render_kw={"rows": 8})

    def question_lines(self) -> list[str]:
        return [line.strip() for line in (self.questions.data or "").splitlines() if line.strip()]


class PublishForm(ArticleForm):
    submit = SubmitField("Publish")


class EditArticleForm(ArticleForm):
    submit = SubmitField("Save changes")
