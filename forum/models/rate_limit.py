"""Rate-limit counters kept in the database, shared by every process on it (when there is no Redis)."""

from __future__ import annotations

from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

MAX_KEY_LENGTH = 200


class RateLimitCounter(db.Model):
    """The hits of one key (an address, an account) in the current window of one limit."""

    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(String(MAX_KEY_LENGTH), primary_key=True)
    hits: Mapped[int]
    # Seconds since the epoch: compared with the clock in one statement, on every engine alike.
    expires_at: Mapped[float] = mapped_column(Float, index=True)
