"""Forms for importing, previewing and editing articles: shape only."""

from __future__ import annotations

import json

from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, StringField, SubmitField, TextAreaField, URLField
from wtforms.validators import DataRequired, Optional

from . import Form, at_most, squash, strip
from ..limits import ARTICLE_BODY_MAX, ARTICLE_TITLE_MAX, SUMMARY_MAX, URL_MAX

REASONS_MAX = 100_000  # what the preview's hidden field may carry back; more is ignored


class ImportForm(Form):
    url = URLField("Article URL", validators=[Optional(), at_most(URL_MAX, "the address")], filters=[strip],
                   render_kw={"placeholder": "https://example.org/story", "inputmode": "url"})
    file = FileField("Article file", render_kw={"accept": ".txt,.md,.markdown,.html,.htm,text/plain,text/markdown,text/html"})
    text = TextAreaField("Article text", validators=[Optional(), at_most(ARTICLE_BODY_MAX, "the text")], render_kw={"rows": 12})
    submit = SubmitField("Extract questions")


class ArticleForm(Form):
    """The preview before publishing, and the edit page: the questions one per line."""

    title = StringField("Title", validators=[DataRequired(), at_most(ARTICLE_TITLE_MAX, "the title")],
                        filters=[squash])
    source_url = URLField("Source", validators=[Optional(), at_most(URL_MAX, "the address")], filters=[strip])
    summary = TextAreaField("Summary", validators=[at_most(SUMMARY_MAX, "the summary")], filters=[squash],
                            render_kw={"rows": 3})
    body = TextAreaField("Body", validators=[at_most(ARTICLE_BODY_MAX, "the body")], filters=[strip],
                         render_kw={"rows": 14})
    # How many questions and how long each: services.articles.check_draft says, beside the field.
    questions = TextAreaField("Questions", render_kw={"rows": 8})
    answer_first = BooleanField("Members answer before they see others' answers")

    def question_lines(self) -> list[str]:
        return [line.strip() for line in (self.questions.data or "").splitlines() if line.strip()]


class PublishForm(ArticleForm):
    """The preview, which also carries why each question was found, to show it again."""

    reasons = HiddenField()
    submit = SubmitField("Publish")
    # Sent by "Publish anyway", the button the preview shows under its warnings.
    confirm = SubmitField("Publish anyway")

    def found_questions(self) -> list[tuple[str, str]]:
        """The extracted questions with their reasons; nothing if the field was tampered with."""
        try:
            pairs = json.loads(self.reasons.data or "[]") if len(self.reasons.data or "") <= REASONS_MAX else []
        except ValueError:
            return []
        if not isinstance(pairs, list):
            return []
        return [(q, r) for q, r in (p for p in pairs if isinstance(p, list) and len(p) == 2)
                if isinstance(q, str) and isinstance(r, str)]


class EditArticleForm(ArticleForm):
    submit = SubmitField("Save changes")
