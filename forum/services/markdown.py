"""Markdown to safe HTML: the one function for previews, posts and articles."""

from __future__ import annotations

import html
import threading
from functools import lru_cache
from typing import TYPE_CHECKING

import nh3
from flask import current_app
from markupsafe import escape

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"
WARM_TEXT = "A [link](https://example.org/a) and https://example.org/b."  # rendered by each new parser
_BUILDING = threading.Lock()  # one parser built at a time, and rendered once before any thread uses it


@lru_cache(maxsize=2)
def _parser(allow_images: bool) -> MarkdownIt:
    from markdown_it import MarkdownIt  # here, not at start: a server's first pages render no Markdown

    with _BUILDING:
        # html=False: raw HTML in the source is shown as text, never passed through.
        parser = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
        parser.enable(["linkify", "strikethrough", "table"])
        if not allow_images:
            parser.add_render_rule("image", _image_as_link)
        # Rendered once before any thread has it: markdown-it compiles its rule chains, and mdurl fills its
        # tables for links, on first use, where other threads saw them half-done (a fresh worker's first
        # answers failed at once: "none of the block rules matched", an IndexError).
        parser.render(WARM_TEXT)
    return parser


def _image_as_link(renderer, tokens, idx, options, env) -> str:
    """Without remote images, an image becomes a link to it, so nothing loads from elsewhere."""
    token = tokens[idx]
    alt = renderer.renderInlineAsText(token.children or [], options, env) or token.attrGet("src")
    return f'<a href="{escape(token.attrGet("src") or "")}">{escape(alt)}</a>'


def render_markdown(text: str) -> str:
    """CommonMark with linkify, sanitized with an allow-list; links get rel=nofollow ugc noopener."""
    allow_images = bool(current_app.config.get("ALLOW_REMOTE_IMAGES"))
    html = _parser(allow_images).render(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS if allow_images else ALLOWED_TAGS - {"img"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
    )


def plain_text(body_html: str) -> str:
    """A rendered body's words as plain text on one line: tags dropped, entities decoded, spaces folded."""
    return " ".join(html.unescape(nh3.clean(body_html, tags=set())).split())
