"""Forms for importing, previewing and editing articles: shape only."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import StringField, SubmitField, TextAreaField, URLField
from wtforms.validators import DataRequired, Optional

from . import at_most, squash, strip
from ..limits import ARTICLE_BODY_MAX, ARTICLE_TITLE_MAX, URL_MAX


class ImportForm(FlaskForm):
    url = URLField("Article URL", validators=[Optional(), at_most(URL_MAX, "the address")], filters=[strip],
                   render_kw={"placeholder": "https://example.org/story", "inputmode": "url"})
    file = FileField("Article file", render_kw={"accept": ".txt,.md,.markdown,.html,.htm,text/plain,text/markdown,text/html"})
    text = TextAreaField("Article text", validators=[Optional(), at_most(ARTICLE_BODY_MAX, "the text")], render_kw={"rows": 12})
    submit = SubmitField("Extract questions")


class ArticleForm(FlaskForm):
    """The preview before publishing, and the edit page: the questions one per line."""

    title = StringField("Title", validators=[DataRequired(), at_most(ARTICLE_TITLE_MAX, "the title")],
                        filters=[squash])
    source_url = URLField("Source", validators=[Optional(), at_most(URL_MAX, "the address")], filters=[strip])
    body = TextAreaField("Body", validators=[at_most(ARTICLE_BODY_MAX, "the body")], filters=[strip],
                         render_kw={"rows": 14})
    # How many questions and how long each: services.articles.check_draft says, beside the field.
    questions = TextAreaField("Questions", render_kw={"rows": 8})

    def question_lines(self) -> list[str]:
        return [line.strip() for line in (self.questions.data or "").splitlines() if line.strip()]


class PublishForm(ArticleForm):
    submit = SubmitField("Publish")


class EditArticleForm(ArticleForm):
    submit = SubmitField("Save changes")
