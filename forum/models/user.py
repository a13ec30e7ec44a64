"""Members, moderators and admins."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..limits import DISPLAY_NAME_MAX, EMAIL_MAX, USERNAME_MAX
from .base import UTCDateTime, utcnow


class Role(StrEnum):
    MEMBER = "member"
    MODERATOR = "moderator"
    ADMIN = "admin"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(USERNAME_MAX))
    # Lower-cased copy: names are unique regardless of case on every engine.
    username_key: Mapped[str] = mapped_column(String(USERNAME_MAX), unique=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # Shown in bylines beside the username, never instead of it: one member cannot pass for another.
    display_name: Mapped[str | None] = mapped_column(String(DISPLAY_NAME_MAX))
    bio: Mapped[str] = mapped_column(Text, default="")
    bio_html: Mapped[str] = mapped_column(Text, default="")  # rendered and sanitized on save, as posts are
    role: Mapped[str] = mapped_column(String(16), default=Role.MEMBER)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspension_reason: Mapped[str | None] = mapped_column(Text)
    karma: Mapped[int] = mapped_column(default=0)
    post_count: Mapped[int] = mapped_column(default=0)
    # Bumped to end every session and remember cookie of the account.
    session_generation: Mapped[int] = mapped_column(default=0)
    follow_own_threads: Mapped[bool] = mapped_column(default=True)
    follow_replied_threads: Mapped[bool] = mapped_column(default=True)
    email_notifications: Mapped[bool] = mapped_column(default=False)
    # Set when the member deleted their account: the row stays, emptied, so that its id and
    # username are never another person's (services.account_deletion).
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # SHA-256 of the newest password-reset link's secret: a newer link, a use or a new password clears it.
    password_reset_digest: Mapped[str | None] = mapped_column(String(64))

    def get_id(self) -> str:
        return f"{self.id}:{self.session_generation}"

    @property
    def public_name(self) -> str:
        """The name in plain text (feeds): the display name with the username it belongs to."""
        return f"{self.display_name} (@{self.username})" if self.display_name else self.username

    @property
    def is_moderator(self) -> bool:
        return self.role in (Role.MODERATOR, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def is_suspended(self, now: datetime | None = None) -> bool:
        return self.suspended_until is not None and self.suspended_until > (now or utcnow())

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class PendingSignup(db.Model):
    """A sign-up waiting for the owner of its address to follow the emailed link.

    Only with FORUM_REQUIRE_EMAIL_VERIFICATION: the account is created when
    the link's page is confirmed, so an address nobody proved holds nothing.
    """

    __tablename__ = "pending_signups"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    username: Mapped[str] = mapped_column(String(30))
    email: Mapped[str] = mapped_column(String(254), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
