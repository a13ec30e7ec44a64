"""The header's "Reports" and "Queue" show moderators how much waits, in one query whatever the queues hold."""

from __future__ import annotations

import re

import pytest

from forum.extensions import db


def counts(page: str) -> tuple[str | None, str | None]:
    """The numbers beside "Reports" and "Queue" in the header, None where there is none."""
    nav = page.split('aria-label="Main"')[1].split("</nav>")[0]
    found = [re.search(rf">{name} <span class=\"badge queue-count\">(\d+)<", nav) for name in ("Reports", "Queue")]
    return tuple(match and match.group(1) for match in found)


def fill_queues(make, thread, moderator, n: int) -> None:
    """``n`` reported posts (two reports each) and ``n`` posts awaiting approval."""
    for i in range(n):
        post = make.post(thread, author=make.user(f"writer{i}-{n}"))
        make.report(post, reporter=make.user(f"first{i}-{n}"))
        make.report(post, reporter=make.user(f"second{i}-{n}"))
    thread.article.premoderation = True
    db.session.commit()
    for i in range(n):
        make.post(thread, author=make.user(f"newcomer{i}-{n}"))
    thread.article.premoderation = False
    db.session.commit()


def test_moderators_see_how_many_posts_are_reported_and_waiting(client, auth, make, moderator, thread):
    auth.login(moderator)
    assert counts(client.get("/").get_data(as_text=True)) == (None, None)
    fill_queues(make, thread, moderator, 3)
    assert counts(client.get("/").get_data(as_text=True)) == ("3", "3")


def test_members_and_visitors_see_no_counts(client, auth, make, member, moderator, thread):
    fill_queues(make, thread, moderator, 2)
    assert "queue-count" not in client.get("/").get_data(as_text=True)
    auth.login(member)
    assert "queue-count" not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("page", ["front", "thread"])
def test_the_counts_cost_one_query_however_full_the_queues(client, auth, make, moderator, thread, count_queries, page):
    auth.login(moderator)
    url = "/" if page == "front" else f"/threads/{thread.id}"

    def queries() -> int:
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return len(counter)

    fill_queues(make, thread, moderator, 1)
    few = queries()
    fill_queues(make, thread, moderator, 6)
    assert queries() == few
