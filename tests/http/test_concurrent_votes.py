"""Fifty members upvoting one post at once, through a threaded live server: no vote is lost."""

from __future__ import annotations

import http.cookiejar
import threading
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from werkzeug.serving import make_server

from forum.extensions import db
from forum.models import Post, User
from tests.factories import Factory

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
