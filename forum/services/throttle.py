"""Rate limits that services enforce, in the storage Flask-Limiter uses.

With REDIS_URL the counts are shared by every app server; without it they
live in the one process `make run` starts.
"""

from __future__ import annotations

import math
import time

from limits import parse

from ..errors import RateLimited
from ..extensions import limiter


def wait_seconds(limit: str, *key: str) -> int:
    """Seconds until ``key`` may act again under ``limit`` (0: it may now)."""
    item = parse(limit)
    if limiter.limiter.test(item, *key):
        return 0
    reset_at, _remaining = limiter.limiter.get_window_stats(item, *key)
    return max(1, math.ceil(reset_at - time.time()))


def record(limit: str, *key: str) -> None:
    """Count one attempt against ``limit`` for ``key``."""
    limiter.limiter.hit(parse(limit), *key)


def ensure_allowed(limit: str, *key: str, message: str, field: str | None = None) -> None:
    """Raise RateLimited with ``message`` (``{wait}`` filled in) if ``key`` is over ``limit``."""
    wait = wait_seconds(limit, *key)
    if wait:
        raise RateLimited(message.format(wait=describe_wait(wait)), retry_after=wait, field=field)


def describe_wait(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
