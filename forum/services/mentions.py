"""@mentions in posts: who a body names, and its HTML with those names linked to their profiles."""

from __future__ import annotations

import re

from flask import current_app
from sqlalchemy import ColumnElement, and_, select

from ..extensions import db
from ..limits import MAX_MENTIONS, USERNAME_MAX, USERNAME_MIN
from ..models import User
from .markdown import render_markdown

# An "@" inside a word or an address is no mention.
MENTION_PATTERN = re.compile(rf"(?<![\w@/.-])@([A-Za-z0-9_-]{{{USERNAME_MIN},{USERNAME_MAX}}})(?![A-Za-z0-9_-])")
UNLINKED_TAGS = frozenset({"a", "code", "pre"})


def render_post_body(body: str) -> str:
    """A post's Markdown as safe HTML with its @mentions linked: the one rendering on create and on edit."""
    return link_mentions(render_markdown(body), mentioned_users(body))


def mentioned_users(body: str) -> list[User]:
    """Existing members named as @name in ``body``, each once."""
    keys = mention_keys(body)
    if not keys:
        return []
    return list(db.session.scalars(select(User).where(is_mentioned(keys))))


def mention_keys(body: str) -> list[str]:
    """The usernames ``body`` names as @name, lowercased (``User.username_key``), each once, at most MAX_MENTIONS."""
    return list(dict.fromkeys(name.lower() for name in MENTION_PATTERN.findall(body)))[:MAX_MENTIONS]


def is_mentioned(keys: list[str]) -> ColumnElement[bool]:
    """The condition on users that picks the existing members of ``keys`` (from ``mention_keys``); on the
    table's columns, so that it serves statements on the table (``notifications``) as well as on ``User``."""
    users = User.__table__.c
    return and_(users.username_key.in_(keys), users.deleted_at.is_(None))


def link_mentions(html: str, users: list[User]) -> str:
    """``html`` with each @name of ``users`` linked to the profile, outside links and code."""
    if not users:
        return html
    from bs4 import BeautifulSoup, NavigableString  # here, not at start: only posts naming members need it

    names = {user.username_key: user.username for user in users}
    soup = BeautifulSoup(html, "html.parser")
    for text in list(soup.find_all(string=MENTION_PATTERN)):
        if any(parent.name in UNLINKED_TAGS for parent in text.parents):
            continue
        pieces, last = [], 0
        for match in MENTION_PATTERN.finditer(text):
            username = names.get(match.group(1).lower())
            if username is None:
                continue
            pieces.append(NavigableString(text[last:match.start()]))
            link = soup.new_tag("a", href=_profile_path(username), attrs={"class": "mention"})
            link.string = match.group(0)
            pieces.append(link)
            last = match.end()
        if pieces:
            text.replace_with(*pieces, NavigableString(text[last:]))
    return str(soup)


def _profile_path(username: str) -> str:
    # Posts are also written outside requests (imports, the demo), where url_for cannot build.
    adapter = current_app.url_map.bind("localhost", script_name=current_app.config["APPLICATION_ROOT"])
    return adapter.build("users.profile", {"username": username})
