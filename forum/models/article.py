"""Articles and the reflection questions found in them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..limits import ARTICLE_TITLE_MAX, SLUG_STORED_MAX, URL_MAX
from .base import UTCDateTime, utcnow
from .user import User


class ArticleStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class Article(db.Model):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(SLUG_STORED_MAX), unique=True)
    title: Mapped[str] = mapped_column(String(ARTICLE_TITLE_MAX))
    source_url: Mapped[str | None] = mapped_column(String(URL_MAX))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=ArticleStatus.PUBLISHED, index=True)
    discussion_open: Mapped[bool] = mapped_column(default=True)
    # What the moderator who closed the discussion told readers; None while open or when they gave none.
    close_reason: Mapped[str | None] = mapped_column(Text)
    premoderation: Mapped[bool] = mapped_column(default=False)
    # The answer-first switch its question threads start with (and take when it changes).
    answer_first: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Set when an admin deletes the article: it and its threads leave every page, and can be restored.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # Kept with every post in one of the article's threads, for the front page.
    post_count: Mapped[int] = mapped_column(default=0)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    created_by: Mapped[User | None] = relationship()
    questions: Mapped[list[Question]] = relationship(
        back_populates="article", order_by="Question.position"
    )


class Question(db.Model):
    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("article_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)

    article: Mapped[Article] = relationship(back_populates="questions")
