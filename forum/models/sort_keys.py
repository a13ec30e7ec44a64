"""The sort keys of posts, once in Python and once as the SQL that keeps them in the posts table.

Both do the same IEEE double arithmetic in the same order, so the database's stored key and
Python's value for the same counts agree to the last bit, and a page sorted in SQL agrees
with replies sorted in Python.
"""

from __future__ import annotations

import math

WILSON_Z = 1.281551565545  # 80 % confidence, as Reddit's "best"
_Z2 = WILSON_Z * WILSON_Z


def wilson_lower_bound(up: int, down: int) -> float:
    """Lower bound of the Wilson score interval for the share of upvotes."""
    n = up + down
    if n == 0:
        return 0.0
    p = up / n
    centre = p + _Z2 / (2 * n)
    spread = WILSON_Z * math.sqrt((p * (1 - p) + _Z2 / (4 * n)) / n)
    return (centre - spread) / (1 + _Z2 / n)


def controversy(up: int, down: int) -> float:
    """Reddit's: many votes, evenly split, rank first; 0 unless there are both kinds."""
    if up <= 0 or down <= 0:
        return 0.0
    return (up + down) ** (min(up, down) / max(up, down))


def _double(sql: str) -> str:
    return f"CAST({sql} AS DOUBLE PRECISION)"


_N, _UP, _DOWN = _double("upvotes + downvotes"), _double("upvotes"), _double("downvotes")
_P = f"({_UP} / {_N})"
# repr() round-trips a float exactly, so both engines start from Python's constants.
WILSON_SQL = (
    f"CASE WHEN upvotes + downvotes = 0 THEN 0.0 ELSE "
    f"(({_P} + {_Z2!r} / (2 * {_N})) - {WILSON_Z!r} * sqrt(({_P} * (1 - {_P}) + {_Z2!r} / (4 * {_N})) / {_N}))"
    f" / (1 + {_Z2!r} / {_N}) END"
)
CONTROVERSY_SQL = (
    f"CASE WHEN upvotes <= 0 OR downvotes <= 0 THEN 0.0 "
    f"WHEN upvotes < downvotes THEN power({_N}, {_UP} / {_DOWN}) ELSE power({_N}, {_DOWN} / {_UP}) END"
)
