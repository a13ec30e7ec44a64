"""Domain errors whose messages are safe to show a person."""

from __future__ import annotations


class ForumError(Exception):
    """A broken rule. ``field`` names the form field the message belongs to."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class BadRequest(ForumError):
    """A request that cannot be read: no JSON object, a malformed header."""


class Unauthenticated(ForumError):
    status = 401
    code = "unauthorized"


class Invalid(ForumError):
    status = 422
    code = "invalid"


class NotAllowed(ForumError):
    status = 403
    code = "forbidden"


class NotFound(ForumError):
    status = 404
    code = "not_found"


class Conflict(ForumError):
    status = 409
    code = "conflict"


class RateLimited(ForumError):
    """Too many attempts; ``retry_after`` is in seconds."""

    status = 429
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.retry_after = retry_after
