"""Threads: one per question, or started by a member under an article."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..limits import HEAT_REASON_MAX, QUESTION_MAX
from .article import Article, Question
from .base import UTCDateTime, utcnow
from .user import User


class Thread(db.Model):
    __tablename__ = "threads"
    __table_args__ = (Index("ix_threads_article_listing", "article_id", "pinned"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    # Set for question threads; a removed question keeps its thread (hidden) and loses the link.
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("questions.id", ondelete="SET NULL"), unique=True
    )
    title: Mapped[str] = mapped_column(String(QUESTION_MAX))  # a question's text, or a member's shorter title
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    locked: Mapped[bool] = mapped_column(default=False)
    # What the moderator who locked it told readers; None while unlocked or when they gave none.
    lock_reason: Mapped[str | None] = mapped_column(Text)
    pinned: Mapped[bool] = mapped_column(default=False)
    hidden: Mapped[bool] = mapped_column(default=False)
    slow_mode_seconds: Mapped[int] = mapped_column(default=0)
    # Answer first: members see others' answers only once they have posted their own.
    answer_first: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Contest mode: scores hidden, top-level answers in an order shuffled per reader (services/scores.py).
    contest_mode: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Heat (services/heat.py): automatic slow mode until this time, and why in plain words. A time
    # in the past is a heat that ended and whose end is not logged yet; ending it clears all three.
    heat_until: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    heat_reason: Mapped[str | None] = mapped_column(String(HEAT_REASON_MAX))
    # Reports reached twice the heat threshold: new members' posts here wait for approval meanwhile.
    heat_approval: Mapped[bool] = mapped_column(default=False, server_default=false())
    post_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when a moderator merged this thread into another: its posts live there now, and its
    # address redirects there. Always a thread that is not merged itself (merges re-point chains).
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="SET NULL"))
    # A member-started thread's opening post: the details its author typed under the title, shown with
    # the question at the top of every page and never among the answers (services/threads.py). None for
    # a question thread, or once that post moved to another thread (services/moves.py). No foreign key:
    # posts reference threads, and a post is only ever deleted with its thread.
    opening_post_id: Mapped[int | None]
    # Whatever its page shows changed: services/page_versions.py bumps both in the writing transaction.
    version: Mapped[int] = mapped_column(default=0, server_default="0")
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    article: Mapped[Article] = relationship()
    question: Mapped[Question | None] = relationship()
    author: Mapped[User | None] = relationship()

    def heat_on(self, now: datetime) -> bool:
        """Whether automatic slow mode holds at ``now``; it ends with time alone, logged later (services/heat.py)."""
        return self.heat_until is not None and self.heat_until > now

    @property
    def is_question_thread(self) -> bool:
        return self.question_id is not None
