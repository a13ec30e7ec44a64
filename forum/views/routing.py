"""What the route table needs before any view loads: the URL converters, and the API's prefix and token loader.

Views load on their first request (``forum/views/lazy.py``), but their routes, and so
the converters those name, are in the table from the start.
"""

from __future__ import annotations

from typing import Any

from flask import Request, g
from werkzeug.routing import BaseConverter, IntegerConverter, Rule

from ..limits import MAX_ROW_ID
from ..models import User

API_PREFIX = "/api/v1"
ID = "api_id"  # the API's URL converter for ids: /posts/<{ID}:post_id>
SLUG = "api_slug"  # the API's URL converter for article slugs: /articles/<{SLUG}:slug>


class RowIdConverter(IntegerConverter):
    """``<int:...>`` in URLs, capped at PostgreSQL's INTEGER so a huge id is a 404, not a 500."""

    def __init__(self, url_map, fixed_digits: int = 0, min: int = 1, max: int = MAX_ROW_ID, signed: bool = False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class IdConverter(BaseConverter):
    """The API's ids: any run of digits, so too large an id is a 404 from the view, not a 405 from the router.

    (A converter that refuses a value makes Werkzeug answer 405 when the same path
    takes other methods, which no client could make sense of.)
    """

    regex = r"\d+"
    weight = 50

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


class SlugConverter(BaseConverter):
    """An article's slug in the API: any one path segment (previews live at /article-previews, outside
    /articles, so no slug can collide with an operation of its own)."""

    regex = r"[^/]+"


CONVERTERS = {"int": RowIdConverter, ID: IdConverter, SLUG: SlugConverter}


class LazyBuildRule(Rule):
    """A route whose URL-building functions are compiled by its first ``url_for``, not when it is added.

    Werkzeug compiles two Python functions per route as the route is added: for 155 routes, most
    of the app factory's time, for routes a process may never link to.
    """

    def _compile_builder(self, append_unknown: bool = True):
        compile_builder = super()._compile_builder
        attribute = "_build_unknown" if append_unknown else "_build"

        def build_first(rule: Rule, **values: Any) -> tuple[str, str]:
            # Two threads may both compile it; either result serves.
            builder = compile_builder(append_unknown)
            setattr(rule, attribute, builder.__get__(rule, None))
            return builder(rule, **values)

        return build_first


def load_token_user(req: Request) -> User | None:
    """Flask-Login's request loader: the owner of a valid bearer token on an API request (the API's
    before_request hook checks the token and keeps its owner in ``g``)."""
    if not req.path.startswith(API_PREFIX + "/"):
        return None
    return g.get("api_token_user")
