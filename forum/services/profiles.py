"""A member's own profile: their display name and bio, and the avatar drawn from their names."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import func, select

from ..database import begin_write
from ..errors import Conflict, Invalid
from ..extensions import db
from ..limits import BIO_MAX, DISPLAY_NAME_MAX, too_long
from ..models import Post, PostState, User
from .markdown import render_markdown
from .page_versions import pages_changed

DISPLAY_NAME_RULE = "A display name cannot contain “@” or control characters."


def edit_profile(member: User, *, display_name: str | None, bio: str | None) -> None:
    """Set the member's display name (empty clears it) and bio (Markdown); every page showing them changes; commits.

    Bylines always show the username beside the display name, so a display name cannot
    pass for another member: it may not hold "@" (no "@admin" beside the real name) nor be
    another member's username.
    """
    display_name = check_display_name(display_name)
    bio = (bio or "").strip()
    if "\x00" in bio:
        raise Invalid("Text cannot contain NUL characters.", field="bio")
    if len(bio) > BIO_MAX:
        raise Invalid(too_long("the bio", BIO_MAX), field="bio")
    bio_html = render_markdown(bio) if bio else ""  # before the write lock
    begin_write()
    if display_name is not None:
        other = db.session.scalar(select(User.id).where(User.username_key == display_name.lower(),
                                                        User.id != member.id))
        if other is not None:
            raise Conflict("That is another member's username; choose another display name.",
                           field="display_name")
    if (display_name, bio) == (member.display_name, member.bio):
        return
    member.display_name, member.bio, member.bio_html = display_name, bio, bio_html
    pages_changed(author_id=member.id)
    db.session.commit()


def answer_count(member: User) -> int:
    """The member's visible answers: top-level posts, as "has answered" counts them (replies do not)."""
    return db.session.scalar(select(func.count(Post.id)).where(
        Post.author_id == member.id, Post.parent_id.is_(None), Post.state == PostState.VISIBLE)) or 0


def check_display_name(display_name: str | None) -> str | None:
    """The display name as stored: blank space squashed, None when empty."""
    display_name = " ".join((display_name or "").split())
    if not display_name:
        return None
    if len(display_name) > DISPLAY_NAME_MAX:
        raise Invalid(too_long("the display name", DISPLAY_NAME_MAX), field="display_name")
    if "@" in display_name or any(unicodedata.category(char).startswith("C") for char in display_name):
        raise Invalid(DISPLAY_NAME_RULE, field="display_name")
    return display_name


AVATAR_SHADES = 12  # hues 30° apart; a post's byline names its shade by class (static/css/agora.css: .shade-N)


@dataclass(frozen=True)
class Avatar:
    """A generated picture: the member's initials on a colour of their own.

    The profile draws it as inline SVG; a post's byline as a small chip whose class names the shade.
    """

    initials: str
    shade: int

    @property
    def hue(self) -> int:
        return self.shade * 360 // AVATAR_SHADES + 180 // AVATAR_SHADES


@lru_cache(maxsize=4096)
def avatar_of(username: str, display_name: str | None = None) -> Avatar:
    """Initials from the display name's first two words (or the username's first letters); the shade from the username.

    The shade follows the username, which never changes hands, so a display name does not borrow another's colour.
    Kept per name: a thread page asks once per post.
    """
    words = (display_name or "").split()
    initials = "".join(word[0] for word in words[:2]) if words else username[:2]
    shade = int.from_bytes(hashlib.sha256(username.lower().encode()).digest()[:2], "big") % AVATAR_SHADES
    return Avatar(initials.upper(), shade)
