"""Rate-limit counters in a storage of the ``limits`` library such as Redis (``forum/services/throttle.py``).

Loaded only by a server that has one configured.
"""

from __future__ import annotations

import logging
import math
import time

from limits import RateLimitItem
from limits.errors import StorageError
from limits.storage import storage_from_string

from ..extensions import db
from .throttle import DatabaseCounters, _pending

log = logging.getLogger("forum.services.throttle")  # the rate limits' log, whichever module writes it
# After a failure Redis is left alone this long: each try while it is down costs a request a timeout.
STORAGE_RETRY_SECONDS = 10
STORAGE_TIMEOUT_SECONDS = 0.5


class StorageCounters:
    """Counters in a `limits` storage such as Redis, with the database standing in while it is down."""

    def __init__(self, uri: str, fallback: DatabaseCounters) -> None:
        options = {}
        if uri.startswith(("redis", "valkey")):
            options = {"socket_connect_timeout": STORAGE_TIMEOUT_SECONDS, "socket_timeout": STORAGE_TIMEOUT_SECONDS}
        self.storage = storage_from_string(uri, wrap_exceptions=True, **options)
        self.fallback = fallback
        self.down_until = 0.0

    def hit(self, window: RateLimitItem, key: str) -> int:
        if time.monotonic() < self.down_until:
            return self.fallback.hit(window, key)
        expiry = window.get_expiry()
        try:
            hits = self.storage.incr(key, expiry)
            if hits > window.amount:
                self.storage.incr(key, expiry, amount=-1)  # a refused attempt is not counted
                return max(1, math.ceil(self.storage.get_expiry(key) - time.time()))
        except StorageError as error:
            self._went_down(error)
            return self.fallback.hit(window, key)
        self._recovered()
        _pending(db.session()).append((self, window, key))
        return 0

    def undo(self, window: RateLimitItem, key: str) -> None:
        pending = _pending(db.session())
        if (self, window, key) in pending:
            pending.remove((self, window, key))
        elif time.monotonic() < self.down_until:  # the hit went to the database while the storage was down
            self.fallback.undo(window, key)
            return
        self.take_back(window, key)  # a hit not pending was committed already

    def take_back(self, window: RateLimitItem, key: str) -> None:
        try:
            if self.storage.get(key) > 0:
                self.storage.incr(key, window.get_expiry(), amount=-1)
        except StorageError as error:
            self._went_down(error)

    def check(self) -> bool:
        return bool(self.storage.check())

    def _went_down(self, error: Exception) -> None:
        if not self.down_until:
            log.warning("Rate-limit storage unreachable (%s); counting in the database until it is back.", error)
        self.down_until = time.monotonic() + STORAGE_RETRY_SECONDS

    def _recovered(self) -> None:
        if self.down_until:
            log.warning("Rate-limit storage reachable again; counting there.")
            self.down_until = 0.0
