"""WTForms classes per area: shape only; the bounds come from forum.limits and the rules from the services."""

from __future__ import annotations

from typing import Any

from wtforms.validators import Length

from ..limits import too_long


def squash(value: Any) -> Any:
    """Runs of blank space as one space, as the services store titles, names and reasons."""
    return " ".join(value.split()) if isinstance(value, str) else value


def strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def at_most(limit: int, what: str) -> Length:
    """A length check in the words the service uses for the same limit."""
    return Length(max=limit, message=too_long(what, limit))
