"""Sort orders of the thread page, against values worked out by hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Post
from forum.services.threads import (
    controversy, parse_sort, read_thread, sort_posts, wilson_lower_bound,
)

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass
class Row:
    id: int
    upvotes: int = 0
    downvotes: int = 0
    minutes: int = 0

    @property
    def score(self) -> int:
        return self.upvotes - self.downvotes

    @property
    def created_at(self) -> datetime:
        return EPOCH + timedelta(minutes=self.minutes)


# (p + z²/2n − z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n) with z = 1.281551565545; for 1 up, 0 down
# that is (1 + 0.821187 − 0.821187) / 2.642374 = 0.378448.
@pytest.mark.parametrize(("up", "down", "expected"), [
    (0, 0, 0.0), (1, 0, 0.378448), (10, 0, 0.858931), (6, 4, 0.401352), (2, 3, 0.179873),
    (100, 50, 0.615769), (0, 5, 0.0),
])
def test_wilson_lower_bound_matches_hand_computed_values(up, down, expected):
    assert wilson_lower_bound(up, down) == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize(("up", "down", "expected"), [
    (10, 10, 20.0), (3, 1, 4 ** (1 / 3)), (1, 3, 4 ** (1 / 3)), (10, 2, 12 ** 0.2), (5, 0, 0.0), (0, 0, 0.0),
])
def test_controversy_is_total_votes_to_the_balance(up, down, expected):
    assert controversy(up, down) == pytest.approx(expected)


def ids(rows):
    return [row.id for row in rows]


ROWS = [Row(1, 1, 0, minutes=3), Row(2, 10, 0, minutes=1), Row(3, 6, 4, minutes=2),
        Row(4, 10, 10, minutes=4), Row(5, 0, 0, minutes=5), Row(6, 1, 0, minutes=0)]


def test_best_ranks_by_wilson_lower_bound_with_ties_broken_by_id():
    # 0.859 (2), 0.401 (3), 0.378 (1 and 6: by id), 10/10 → 0.362 (4), no votes 0 (5)
    assert wilson_lower_bound(10, 10) == pytest.approx(0.362262, abs=1e-6)
    assert ids(sort_posts(ROWS, "best")) == [2, 3, 1, 6, 4, 5]


def test_top_ranks_by_score_with_ties_broken_by_id():
    # scores: 1, 10, 2, 0, 0, 1
    assert ids(sort_posts(ROWS, "top")) == [2, 3, 1, 6, 4, 5]


def test_new_and_old_rank_by_time():
    assert ids(sort_posts(ROWS, "new")) == [5, 4, 1, 3, 2, 6]
    assert ids(sort_posts(ROWS, "old")) == [6, 2, 3, 1, 4, 5]


def test_controversial_puts_split_votes_first_and_the_rest_by_id():
    # 10/10 → 20, 6/4 → 10^(2/3) ≈ 4.64, all others 0
    assert ids(sort_posts(ROWS, "controversial")) == [4, 3, 1, 2, 5, 6]


@pytest.mark.parametrize("value", [None, "", "random", "BEST", "../etc"])
def test_unknown_sorts_fall_back_to_best(value):
    assert parse_sort(value) == "best"


@pytest.mark.parametrize("sort", ["best", "top", "new", "old", "controversial"])
def test_the_database_pages_top_level_posts_in_the_same_order(app, make, sort):
    """The thread page sorts top-level posts in SQL and replies in Python: both must agree."""
    thread = make.thread()
    for row in ROWS:
        post = make.post(thread)
        post.upvotes, post.downvotes, post.score = row.upvotes, row.downvotes, row.score
        post.created_at = row.created_at
    db.session.commit()
    expected = [post.id for post in sort_posts(db.session.scalars(select(Post)).all(), sort)]
    assert [node.post.id for node in read_thread(thread, None, sort=sort).roots] == expected
