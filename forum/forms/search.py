"""The search form: a GET form, so a search is a link that can be shared and kept."""

from __future__ import annotations

from wtforms import HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice

from . import Form
from ..services.search import QUERY_MAX_LENGTH


class SearchForm(Form):
    class Meta:
        csrf = False  # a GET changes nothing

    q = StringField("Search for", render_kw={"type": "search", "maxlength": QUERY_MAX_LENGTH})
    author = StringField("Author", render_kw={"maxlength": 30})
    sort = SelectField("Order", choices=[SelectChoice("best", "Best match"), SelectChoice("new", "Newest first")], default="best",
                       validate_choice=False)
    article = HiddenField()
