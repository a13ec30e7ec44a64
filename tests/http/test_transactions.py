"""Write transactions are the services' own: reads take no write lock, a write takes one, Markdown is rendered first."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from forum.database import WRITE_OPTION, WRITING
from forum.extensions import db
from forum.models import ApiToken
from forum.services import posts, tokens
from tests.http.api_client import ApiClient


@contextmanager
def transactions() -> Iterator[dict[str, int]]:
    """Counts the connections begun as writers and the commits while the block runs."""
    seen = {"writers": 0, "commits": 0}

    def began(conn) -> None:
        seen["writers"] += bool(conn.get_execution_options().get(WRITE_OPTION))

    def committed(_session) -> None:
        seen["commits"] += 1

    event.listen(db.engine, "begin", began)
    event.listen(Session, "after_commit", committed)
    try:
        yield seen
    finally:
        event.remove(db.engine, "begin", began)
        event.remove(Session, "after_commit", committed)


@pytest.fixture
def api(client, member) -> ApiClient:
    return ApiClient(client, tokens.issue_token(member))


def test_pages_that_only_read_open_no_write_transaction(client, auth, member, post):
    auth.login("member")
    with transactions() as seen:
        for url in (f"/threads/{post.thread_id}", f"/posts/{post.id}", "/", "/settings", "/notifications"):
            assert client.get(url).status_code == 200, url
    assert seen == {"writers": 0, "commits": 0}


def test_a_post_refused_for_its_input_opens_no_write_transaction(client, auth, member, post):
    auth.login("member")
    with transactions() as seen:
        client.post(f"/posts/{post.id}/reply", data={"body": ""})
        client.post(f"/posts/{post.id}/reply", data={"body": "x" * 100_000})
    assert seen == {"writers": 0, "commits": 0}


def test_a_tokens_last_use_joins_the_answers_transaction(api, post):
    with transactions() as seen:
        assert api.post(f"/threads/{post.thread_id}/posts", {"body": "An answer."}).status_code == 201
    assert seen["commits"] == 1
    assert db.session.scalar(select(ApiToken.last_used_at)) is not None


def test_a_read_with_a_token_writes_only_its_last_use(api, post):
    with transactions() as seen:
        assert api.get(f"/threads/{post.thread_id}").status_code == 200
        assert api.get(f"/threads/{post.thread_id}").status_code == 200  # the use was just recorded
    assert seen["commits"] == 1


def test_markdown_is_rendered_before_the_write_transaction_opens(app, monkeypatch, member, thread):
    writing_while_rendering = []
    render = posts.render_post_body

    def watched(body: str) -> str:
        writing_while_rendering.append(bool(db.session.info.get(WRITING)))
        return render(body)

    monkeypatch.setattr(posts, "render_post_body", watched)
    post = posts.create_post(member, thread, body="First *version*.")
    posts.edit_post(member, post, body="Second *version*.")
    assert writing_while_rendering == [False, False]
