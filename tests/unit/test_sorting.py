"""Sort orders of the thread page, against values worked out by hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Post
from forum.models.sort_keys import controversy, wilson_lower_bound
from forum.services import votes
from forum.services.thread_pages import page_queries
from forum.services.threads import page_of, parse_sort, read_thread, sort_posts

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

    @property
    def best_key(self) -> float:
        return wilson_lower_bound(self.upvotes, self.downvotes)

    @property
    def controversy_key(self) -> float:
        return controversy(self.upvotes, self.downvotes)


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


@pytest.mark.parametrize("sort", ["best", "top", "new", "old", "controversial"])
def test_a_post_is_found_on_the_page_that_shows_it(app, make, sort):
    """The redirect after answering names the page on which the answer (or its top-level post) is shown."""
    app.config["POSTS_PER_PAGE"] = 2
    thread = make.thread()
    for row in ROWS:
        post = make.post(thread)
        post.upvotes, post.downvotes, post.score = row.upvotes, row.downvotes, row.score
        post.created_at = row.created_at
    db.session.commit()
    parent = post
    reply = make.post(thread, parent=parent)
    shown = {node.post.id: page for page in (1, 2, 3)
             for node in read_thread(thread, None, sort=sort, page=page).roots}
    assert sorted(shown.values()) == [1, 1, 2, 2, 3, 3]
    for top in db.session.scalars(select(Post).where(Post.parent_id.is_(None))):
        assert page_of(top, None, sort=sort) == shown[top.id]
    assert page_of(reply, None, sort=sort) == shown[parent.id]


def test_votes_keep_the_stored_sort_keys_exact(app, make):
    """The keys the pages sort by change in the vote's own UPDATE, to the value Python computes."""
    post = make.post(make.thread())
    for n in range(8):
        votes.cast_vote(make.user(), post, value=-1 if n % 3 == 2 else 1)
        db.session.refresh(post)
        assert post.best_key == wilson_lower_bound(post.upvotes, post.downvotes)
        assert post.controversy_key == controversy(post.upvotes, post.downvotes)
    assert (post.upvotes, post.downvotes) == (6, 2)


@pytest.mark.parametrize("sort", ["best", "top", "new", "old", "controversial"])
def test_a_page_of_top_level_posts_is_read_in_order_from_an_index(app, make, sort):
    """No sort of every top-level post: the first page costs the same however long the thread."""
    thread = make.member_thread()  # its opening post left out of the page by id, still read from the index
    for _ in range(3):
        make.post(thread)
    assert "sort" not in page_plan(sort, {"thread_id": thread.id, "viewer_id": None, "opening_id": thread.opening_post_id,
                                          "limit": 50, "offset": 0})


def page_plan(sort: str, params: dict) -> str:
    """The database's plan for one page of ``sort``, lower-cased, with any sort step named "sort"."""
    statement = str(page_queries(sort, "reader", "plain")[1].params(**params).compile(
        dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}))
    connection = db.session.connection()
    if db.engine.dialect.name == "sqlite":
        plan = " ".join(row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement)).lower()
        assert f"ix_posts_top_level_{INDEX_OF[sort]}" in plan
        return plan.replace("temp b-tree for order by", "sort")
    # An empty table makes any plan cheap; these ask for the plan a long thread gets.
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    connection.exec_driver_sql("SET LOCAL enable_sort = off")
    plan = " ".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + statement)).lower()
    assert f"ix_posts_top_level_{INDEX_OF[sort]}" in plan
    return plan


INDEX_OF = {"best": "best", "top": "top", "new": "created", "old": "created", "controversial": "controversy"}
