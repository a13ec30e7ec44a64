"""Identical posts sent at once, and retried with an Idempotency-Key, through a threaded live server."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import requests
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Post
from forum.services import follows, tokens
from tests.http.api_client import serve

COPIES = 8
ROUNDS = 20


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


def test_members_who_follow_each_others_threads_answer_at_once_without_a_deadlock(app, make):
    """Each answer locks its author's row and notifies the follower of its thread, whose row the
    notification references. On PostgreSQL the author's lock once conflicted with that reference:
    two such answers at once deadlocked, and one was answered 503."""
    alder, birch = make.user("alder"), make.user("birch")
    first, second = make.thread(), make.thread()
    follows.follow_thread(alder, second)
    follows.follow_thread(birch, first)
    writers = [({"Authorization": f"Bearer {tokens.issue_token(alder)}"}, first.id),
               ({"Authorization": f"Bearer {tokens.issue_token(birch)}"}, second.id)]
    db.session.remove()
    barrier = threading.Barrier(len(writers))

    def answer(writer: tuple[dict, int], turn: int) -> int:
        headers, thread_id = writer
        barrier.wait()
        return requests.post(f"{base}/api/v1/threads/{thread_id}/posts", json={"body": f"Answer number {turn}."},
                             headers=headers, timeout=60).status_code

    with serve(app) as base, ThreadPoolExecutor(max_workers=len(writers)) as pool:
        statuses = [status for turn in range(ROUNDS)
                    for status in pool.map(answer, writers, [turn] * len(writers))]
    assert statuses == [201] * (ROUNDS * len(writers))


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
