"""The thread page and permalinks run as many SQL queries for 1,000 posts as for 10."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Post, Vote


def fill(thread, authors, viewer, count: int) -> list[Post]:
    """``count`` posts of mixed depths: every fifth one top-level, the others under a recent post."""
    created: list[Post] = []
    for i in range(count):
        parent = None if i % 5 == 0 else created[i - 1 - (i % 3)]
        post = Post(thread_id=thread.id, author_id=authors[i % len(authors)].id, parent_id=parent and parent.id,
                    depth=parent.depth + 1 if parent else 0, body=f"Post {i}", body_html=f"<p>Post {i}</p>",
                    upvotes=i % 7, downvotes=i % 3, score=i % 7 - i % 3)
        db.session.add(post)
        db.session.flush()
        created.append(post)
        if i % 4 == 0:
            db.session.add(Vote(user_id=viewer.id, post_id=post.id, value=1))
    db.session.commit()
    return created


def queries_for(client, count_queries, url: str) -> int:
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    return len(counter)


@pytest.mark.parametrize("sort", ["best", "new"])
def test_thread_page_queries_do_not_grow_with_posts(client, auth, make, member, sort, count_queries):
    authors = [make.user() for _ in range(5)]
    small, large = make.thread(), make.thread(make.article("Another article"))
    fill(small, authors, member, 10)
    fill(large, authors, member, 1000)
    for login in (False, True):
        if login:
            auth.login(member)
        counts = [queries_for(client, count_queries, f"/threads/{thread.id}?sort={sort}") for thread in (small, large)]
        assert counts[0] == counts[1], counts
        assert counts[1] <= 9  # 8, and the follow button's state for a member


def test_a_later_page_costs_the_same(app, client, make, member, count_queries):
    authors = [make.user() for _ in range(3)]
    thread = make.thread()
    fill(thread, authors, member, 1000)
    assert queries_for(client, count_queries, f"/threads/{thread.id}") == queries_for(client, count_queries, f"/threads/{thread.id}?page=3")


def test_permalink_queries_do_not_grow_with_the_subtree(client, auth, make, member, count_queries):
    authors = [make.user() for _ in range(3)]
    small, large = make.thread(), make.thread(make.article("Another article"))
    small_posts, large_posts = fill(small, authors, member, 10), fill(large, authors, member, 1000)
    auth.login(member)
    assert queries_for(client, count_queries, f"/posts/{small_posts[2].id}") == queries_for(client, count_queries, f"/posts/{large_posts[2].id}")
