"""Identical posts sent at once, and retried with an Idempotency-Key, through a threaded live server."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import requests
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Post
from forum.services import tokens
from tests.http.api_client import serve

COPIES = 8


def send_at_once(count: int, send) -> list[requests.Response]:
    """``send()`` from ``count`` threads released together."""
    barrier = threading.Barrier(count)

    def released(_: int) -> requests.Response:
        barrier.wait()
        return send()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(released, range(count)))


def test_eight_identical_posts_sent_at_once_are_stored_once(app, make):
    thread = make.thread()
    token = tokens.issue_token(make.user("eager"))
    thread_id = thread.id
    db.session.remove()
    headers = {"Authorization": f"Bearer {token}"}
    with serve(app) as base:
        assert requests.get(f"{base}/api/v1/users/me", headers=headers, timeout=60).status_code == 200
        answers = send_at_once(COPIES, lambda: requests.post(
            f"{base}/api/v1/threads/{thread_id}/posts", json={"body": "Said once, sent eight times."},
            headers=headers, timeout=60))
    assert sorted(answer.status_code for answer in answers) == [201] + [409] * (COPIES - 1)
    assert db.session.scalar(select(func.count(Post.id)).where(Post.thread_id == thread_id)) == 1


def test_a_post_sent_eight_times_at_once_with_one_idempotency_key_is_stored_once_and_retried_alike(app, make):
    thread = make.thread()
    token = tokens.issue_token(make.user("retrying"))
    thread_id = thread.id
    db.session.remove()
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "c0ffee-1"}

    def send() -> requests.Response:
        return requests.post(f"{base}/api/v1/threads/{thread_id}/posts", json={"body": "Retried by a flaky client."},
                             headers=headers, timeout=60)

    with serve(app) as base:
        assert requests.get(f"{base}/api/v1/users/me", headers=headers, timeout=60).status_code == 200
        answers = send_at_once(COPIES, send)
        retry = send()
    created = [answer.json()["id"] for answer in answers if answer.status_code == 201]
    assert {answer.status_code for answer in answers} <= {201, 409} and created
    assert retry.status_code == 201 and retry.headers["Idempotent-Replayed"] == "true"
    assert set(created) == {retry.json()["id"]}
    assert db.session.scalar(select(func.count(Post.id)).where(Post.thread_id == thread_id)) == 1
