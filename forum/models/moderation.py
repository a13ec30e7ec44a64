"""The append-only log of moderator actions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..limits import LOG_ACTION_MAX, LOG_LABEL_MAX
from .base import UTCDateTime, utcnow
from .user import User


class ModerationAction(db.Model):
    __tablename__ = "moderation_actions"
    __table_args__ = (
        Index("ix_moderation_actions_target", "target_type", "target_id"),
        Index("ix_moderation_actions_action", "action"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(LOG_ACTION_MAX))
    target_type: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[int]
    # What the target was called when the action happened, for the public log.
    target_label: Mapped[str] = mapped_column(String(LOG_LABEL_MAX))
    reason: Mapped[str] = mapped_column(Text, default="")
    # Done by Agora itself (heat handling), shown as "Agora (automatic)"; actor is then None.
    automatic: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    actor: Mapped[User | None] = relationship()
