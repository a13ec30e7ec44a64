"""Concurrent votes through a threaded live server: no vote is lost, no counter drifts from the rows."""

from __future__ import annotations

import http.cookiejar
import threading
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import requests
from sqlalchemy import func, select
from werkzeug.serving import make_server

from forum.extensions import db
from forum.models import ApiToken, Post, User, Vote
from forum.services import tokens
from tests.factories import Factory
from tests.http.api_client import serve

VOTERS = 50


class Browser:
    """A logged-in session of one member: its own cookie jar, no redirects followed."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), self._NoRedirect
        )

    def post(self, path: str, data: dict[str, str] | None = None) -> int:
        request = urllib.request.Request(self.base_url + path, data=urllib.parse.urlencode(data or {}).encode())
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            error.close()
            return error.code


def test_fifty_concurrent_upvotes_all_count(app, make):
    author = make.user("author")
    post = make.post(make.thread(), author=author)
    names = [make.user(f"voter{i}").username for i in range(VOTERS)]
    post_id, author_id = post.id, author.id
    db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    try:
        browsers = [Browser(f"http://127.0.0.1:{server.server_port}") for _ in names]
        for browser, name in zip(browsers, names):
            assert browser.post("/login", {"identifier": name, "password": Factory.PASSWORD}) == 302
        with ThreadPoolExecutor(max_workers=VOTERS) as pool:
            statuses = list(pool.map(lambda browser: browser.post(f"/posts/{post_id}/upvote"), browsers))
    finally:
        server.shutdown()
        server.server_close()
        serving.join()
    assert statuses == [302] * VOTERS
    db.session.expire_all()
    post, author = db.session.get(Post, post_id), db.session.get(User, author_id)
    assert (post.score, post.upvotes, post.downvotes, author.karma) == (VOTERS, VOTERS, 0, VOTERS)


SAME_MEMBER_VOTES = 16
ROUNDS = 10


def test_one_members_simultaneous_votes_keep_every_counter_equal_to_the_rows(app, make):
    """Double clicks, two tabs and a retrying client at once: score, up, down and karma match the vote rows."""
    app.config["VOTE_LIMIT_PER_MEMBER"] = "0"  # 160 votes of one member in seconds: the counters are under test
    author = make.user("author")
    post = make.post(make.thread(), author=author)
    token = tokens.issue_token(make.user("clicker"))
    post_id, author_id = post.id, author.id
    db.session.remove()
    values = [(1, -1, 0)[(i * 7 + r) % 3] for r in range(ROUNDS) for i in range(SAME_MEMBER_VOTES)]
    with serve(app) as base, requests.Session() as http:
        http.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=SAME_MEMBER_VOTES))
        http.headers["Authorization"] = f"Bearer {token}"
        assert http.get(f"{base}/api/v1/users/me").status_code == 200  # the token's first touch, out of the way
        statuses = []
        for r in range(ROUNDS):
            barrier = threading.Barrier(SAME_MEMBER_VOTES)

            def vote(value: int) -> int:
                barrier.wait()
                return http.put(f"{base}/api/v1/posts/{post_id}/vote", json={"value": value}, timeout=60).status_code

            with ThreadPoolExecutor(max_workers=SAME_MEMBER_VOTES) as pool:
                statuses += pool.map(vote, values[r * SAME_MEMBER_VOTES:(r + 1) * SAME_MEMBER_VOTES])
    assert set(statuses) == {200}
    db.session.expire_all()
    rows = list(db.session.scalars(select(Vote.value).where(Vote.post_id == post_id)))
    post, author = db.session.get(Post, post_id), db.session.get(User, author_id)
    assert len(rows) <= 1
    assert (post.score, post.upvotes, post.downvotes, author.karma) == (
        sum(rows), rows.count(1), rows.count(-1), sum(rows))


FRESH_TOKENS = 40


def test_members_voting_with_fresh_tokens_at_once_all_count(app, make):
    """A token's first use records when it was used, inside the vote's transaction: no "database is locked"."""
    author = make.user("author")
    post = make.post(make.thread(), author=author)
    raw_tokens = [tokens.issue_token(make.user(f"fresh{i}")) for i in range(FRESH_TOKENS)]
    post_id = post.id
    db.session.remove()
    barrier = threading.Barrier(FRESH_TOKENS)

    def vote(token: str) -> int:
        barrier.wait()
        return requests.put(f"{base}/api/v1/posts/{post_id}/vote", json={"value": 1},
                            headers={"Authorization": f"Bearer {token}"}, timeout=60).status_code

    with serve(app) as base, ThreadPoolExecutor(max_workers=FRESH_TOKENS) as pool:
        statuses = list(pool.map(vote, raw_tokens))
    assert statuses == [200] * FRESH_TOKENS
    db.session.expire_all()
    assert db.session.get(Post, post_id).score == FRESH_TOKENS
    assert db.session.scalar(select(func.count()).where(ApiToken.last_used_at.is_not(None))) == FRESH_TOKENS
