"""Jinja filters for dates, counts, avatars and sentences."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from markupsafe import Markup

from .services.profiles import avatar_of


def register_filters(app: Flask) -> None:
    app.jinja_env.filters["ago"] = ago
    app.jinja_env.filters["plural"] = plural
    app.jinja_env.filters["avatar"] = avatar_of
    app.jinja_env.filters["sentence"] = sentence


def ago(moment: datetime | None) -> Markup:
    """A <time> element showing the date (the time of day in its title); static/js/agora.js shows it
    as "3 hours ago".

    The page itself holds no relative time, so a cached page does not freeze one, and readers
    without JavaScript see the date. The date is about as wide as what the script writes in its
    place, so lines do not rewrap and move the page when it does (Lighthouse's layout shift).
    """
    if moment is None:
        return Markup("never")
    # One isoformat call serves both: a page of posts formats hundreds of times.
    iso = moment.isoformat(timespec="seconds")
    # Not user text (bandit B704): every interpolated character comes from isoformat().
    return Markup(f'<time datetime="{iso}" title="{iso[:10]} {iso[11:16]} UTC" data-relative>{iso[:10]}</time>')  # nosec B704


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"


# What already ends a sentence, before closing quotes and brackets: no full stop goes after it.
_SENTENCE_ENDS = (".", "!", "?", "…")


def sentence(text: str) -> str:
    """``text`` ending in one full stop: a person's reason that ends in "." or "?" gets no second one.

    Every template that puts punctuation after user text goes through this filter.
    """
    text = text.rstrip()
    return text if text.rstrip("\"'”’»)]").endswith(_SENTENCE_ENDS) else text + "."

