"""Posts, their replies and their earlier versions."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Computed, Double, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, partial_index, utcnow
from .sort_keys import CONTROVERSY_SQL, WILSON_SQL
from .thread import Thread
from .user import User


class PostState(StrEnum):
    VISIBLE = "visible"
    PENDING = "pending"  # waits for a moderator under pre-moderation
    DELETED = "deleted"  # by its author
    REMOVED = "removed"  # by a moderator, with a reason


class Post(db.Model):
    __tablename__ = "posts"
    # Finds a post's replies, and counts a thread's top-level posts by state from the index alone.
    __table_args__ = (
        Index("ix_posts_thread_parent_state", "thread_id", "parent_id", "state"),
        Index("ix_posts_author_created", "author_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    depth: Mapped[int] = mapped_column(default=0)
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default=PostState.VISIBLE)
    removal_reason: Mapped[str | None] = mapped_column(Text)
    # When its author deleted it, and the state it had then: an undo within DELETE_UNDO_SECONDS restores that.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_from: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    score: Mapped[int] = mapped_column(default=0)
    upvotes: Mapped[int] = mapped_column(default=0)
    downvotes: Mapped[int] = mapped_column(default=0)
    reply_count: Mapped[int] = mapped_column(default=0)
    # When a moderator picked this answer for its question's best answers (services/digest.py); None if not.
    featured_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Sort keys the database derives from the counters in the very statement that changes them,
    # so a vote keeps them exact. (A migrated SQLite database has them VIRTUAL, kept in the index:
    # SQLite cannot add a STORED column to an existing table.)
    best_key: Mapped[float] = mapped_column(Double, Computed(WILSON_SQL, persisted=True))
    controversy_key: Mapped[float] = mapped_column(Double, Computed(CONTROVERSY_SQL, persisted=True))

    thread: Mapped[Thread] = relationship()
    author: Mapped[User | None] = relationship()

    @property
    def is_visible(self) -> bool:
        return self.state == PostState.VISIBLE


def _top_level_index(name: str, *columns) -> Index:
    """An index of a thread's top-level posts only (partial: PostgreSQL reads no order after ``IS NULL``)."""
    return partial_index(name, Post.thread_id, *columns, where=Post.parent_id.is_(None))


# A page of top-level posts is read in order from one of these, ties broken by id, however long
# the thread ("new" reads "old" backwards).
_top_level_index("ix_posts_top_level_best", Post.best_key.desc(), Post.id)
_top_level_index("ix_posts_top_level_top", Post.score.desc(), Post.id)
_top_level_index("ix_posts_top_level_created", Post.created_at, Post.id)
_top_level_index("ix_posts_top_level_controversy", Post.controversy_key.desc(), Post.id)


class PostRevision(db.Model):
    """A body a post had before an edit."""

    __tablename__ = "post_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
