"""Many requests at once against gunicorn (2 workers × 8 threads, its own Redis): exact counts, no 5xx."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import requests
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Post, User, Vote
from forum.services import tokens
from tests.factories import Factory

SAME_MEMBER_VOTES, ROUNDS = 16, 10
FRESH_MEMBERS = 200
COPIES = 8


def at_once(calls: list) -> list:
    """Run every zero-argument call in ``calls`` from its own thread, released together."""
    barrier = threading.Barrier(len(calls))

    def released(call):
        barrier.wait(timeout=60)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(released, calls))


def test_one_members_simultaneous_votes_keep_the_counters_equal_to_the_rows(seeded, gunicorn, redis):
    make = Factory()
    post = make.post(make.thread(), author=make.user("author"))
    token = tokens.issue_token(make.user("clicker"))
    post_id, author_id = post.id, post.author_id
    # 160 votes of one member within seconds: the counters are under test, not the vote limit.
    server = gunicorn(redis_url=redis.url, env={"FORUM_VOTE_LIMIT_PER_MEMBER": "0"})
    headers = {"Authorization": f"Bearer {token}"}
    statuses = []
    for round_number in range(ROUNDS):
        values = [(1, -1, 0)[(i + round_number) % 3] for i in range(SAME_MEMBER_VOTES)]
        statuses += [answer.status_code for answer in at_once([
            lambda value=value: requests.put(f"{server.base}/api/v1/posts/{post_id}/vote", json={"value": value},
                                             headers=headers, timeout=60)
            for value in values])]
    assert set(statuses) == {200}
    db.session.rollback()  # a fresh snapshot: the servers wrote after this session last read
    rows = list(db.session.scalars(select(Vote.value).where(Vote.post_id == post_id)))
    post, author = db.session.get(Post, post_id), db.session.get(User, author_id)
    assert (post.score, post.upvotes, post.downvotes, author.karma) == (
        sum(rows), rows.count(1), rows.count(-1), sum(rows))


def test_two_hundred_members_with_fresh_tokens_vote_at_once_and_every_vote_counts(seeded, gunicorn, redis):
    make = Factory()
    post = make.post(make.thread(), author=make.user("author"))
    voters = [User(username=f"voter{i}", username_key=f"voter{i}", email=f"voter{i}@example.org",
                   password_hash="!unusable") for i in range(FRESH_MEMBERS)]
    db.session.add_all(voters)
    db.session.commit()
    raw_tokens = [tokens.issue_token(voter) for voter in voters]
    post_id = post.id
    server = gunicorn(redis_url=redis.url)
    answers = at_once([
        lambda token=token: requests.put(f"{server.base}/api/v1/posts/{post_id}/vote", json={"value": 1},
                                         headers={"Authorization": f"Bearer {token}"}, timeout=120)
        for token in raw_tokens])
    assert [answer.status_code for answer in answers] == [200] * FRESH_MEMBERS
    db.session.rollback()  # a fresh snapshot: the servers wrote after this session last read
    assert db.session.get(Post, post_id).score == FRESH_MEMBERS
    assert db.session.scalar(select(func.count(Vote.id)).where(Vote.post_id == post_id)) == FRESH_MEMBERS


def test_identical_posts_at_once_are_stored_once_and_a_keyed_retry_returns_the_same_post(seeded, gunicorn, redis):
    make = Factory()
    thread_id = make.thread().id
    token = tokens.issue_token(make.user("eager"))
    server = gunicorn(redis_url=redis.url)
    url = f"{server.base}/api/v1/threads/{thread_id}/posts"
    headers = {"Authorization": f"Bearer {token}"}
    answers = at_once([lambda: requests.post(url, json={"body": "Sent eight times."}, headers=headers, timeout=60)
                       for _ in range(COPIES)])
    assert sorted(answer.status_code for answer in answers) == [201] + [409] * (COPIES - 1)
    keyed = {**headers, "Idempotency-Key": "0b5e-retry"}
    first = requests.post(url, json={"body": "Sent again after a timeout."}, headers=keyed, timeout=60)
    retry = requests.post(url, json={"body": "Sent again after a timeout."}, headers=keyed, timeout=60)
    assert first.status_code == retry.status_code == 201
    assert retry.json()["id"] == first.json()["id"] and retry.headers["Idempotent-Replayed"] == "true"
    db.session.rollback()  # a fresh snapshot: the servers wrote after this session last read
    assert db.session.scalar(select(func.count(Post.id)).where(Post.thread_id == thread_id)) == 2
