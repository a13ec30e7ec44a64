"""What the bench scripts share: a seeded database, gunicorn servers on free ports, a member's cookie, wrk.

Nothing here runs in the test suite; each script under bench/ imports it.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
PASSWORD = "amber-lantern-harbor-1987"
READER = "reader"
# Every request of a bench says the same browser: Flask-Login marks a session whose browser changed as not
# fresh, which a real member's browser never does.
USER_AGENT = "agora-bench"
# The ceiling's comment body, as Markdown: Agora renders and sanitizes it to the same HTML.
BODY = ("This is reply number {i} in the benchmark thread. It has **some bold text**, a "
        "[link](https://example.org/page/{i}) and a second sentence so the body is roughly the size of "
        "a typical forum post. Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod "
        "tempor incididunt ut labore et dolore magna aliqua.")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(database_uri: str, **extra: str) -> dict[str, str]:
    """Production settings on ``database_uri``; no Redis unless ``extra`` gives one."""
    env = {**os.environ, "FORUM_CONFIG": "production", "DATABASE_URL": database_uri,
           "FORUM_SECRET_KEY": secrets.token_hex(32), "FORUM_SESSION_COOKIE_SECURE": "false",
           "FORUM_REMEMBER_COOKIE_SECURE": "false"}
    env.pop("REDIS_URL", None)
    env.pop("FORUM_SQLALCHEMY_DATABASE_URI", None)
    env.update(extra)
    return env


def migrate(env: dict[str, str]) -> None:
    subprocess.run([str(VENV_BIN / "forum"), "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)


def seed(env: dict[str, str], threads: dict[str, tuple[int, str]], members: int = 40) -> dict[str, int]:
    """Members, and one thread per name with (post count, shape); returns the threads' ids.

    Shape "ceiling" copies the ceiling app's page: every fifth post top-level, the others
    nested up to depth 3, its bodies. Shape "answers" makes every third post a reply to
    the one before it, so a page shows 50 top-level posts with their replies.
    """
    sys.path.insert(0, str(ROOT))
    from forum import create_app
    from forum.extensions import db
    from forum.services import articles, auth

    app = create_app("development", {"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"]})
    ids = {}
    with app.app_context():
        authors = [auth.register(username=f"user{n}", email=f"user{n}@example.org", password=PASSWORD,
                                 role="moderator" if n == 0 else "member") for n in range(members)]
        auth.register(username=READER, email="reader@example.org", password=PASSWORD)
        for name, (count, shape) in threads.items():
            draft = articles.check_draft(title=f"Bench {name}", body="Body.", source_url=None,
                                         questions=[f"Question for {name}?"])
            article = articles.publish_article(authors[0], draft, confirmed=True)  # every bench article has the body "Body."
            ids[name] = _fill_thread(article, authors[:40], count, shape)
        db.session.remove()
        db.engine.dispose()
    return ids


def _fill_thread(article, authors: list, count: int, shape: str) -> int:
    from forum.extensions import db
    from forum.models import Post, Thread
    from forum.services.markdown import render_markdown

    thread = db.session.query(Thread).filter_by(article_id=article.id).one()
    posts: list[Post] = []
    for n in range(count):
        if shape == "ceiling":
            depth = 0 if n % 5 == 0 else 1 + (n % 5) % 3
            parent = next((p for p in reversed(posts) if p.depth == depth - 1), None) if depth else None
            body = BODY.format(i=n)
        else:
            parent = posts[n - 1] if n % 3 == 2 else None
            body = "A considered answer with *some* emphasis and a sentence or two more."
        up, down = (n * 7) % 23, n % 4
        post = Post(thread=thread, author=authors[n % 40], body=body, body_html=render_markdown(body),
                    parent_id=parent.id if parent else None, depth=parent.depth + 1 if parent else 0,
                    score=up - down, upvotes=up, downvotes=down)
        db.session.add(post)
        db.session.flush()  # its id: the next post may reply to it
        posts.append(post)
    thread.post_count = count
    db.session.commit()
    return thread.id


@contextmanager
def gunicorn(app_spec: str, env: dict[str, str], cwd: Path, *args: str, health: str = "/healthz"):
    """``gunicorn ARGS APP`` on a free port, until the block ends; yields the base URL."""
    port = free_port()
    # A file, not a pipe: a pipe nobody reads fills up and stalls the server mid-run.
    log = Path(tempfile.gettempdir()) / f"agora-bench-gunicorn-{port}.log"
    with open(log, "wb") as errors:
        process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-b", f"127.0.0.1:{port}", "--access-logfile", "/dev/null",
             "--control-socket", f"/tmp/agora-bench-{port}.ctl", *args, app_spec],
            cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + health, process, log)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        print(f"{app_spec} on :{port}: its log is {log}")


def wait_until_up(url: str, process: subprocess.Popen, log: Path | None = None, timeout: float = 30) -> float:
    """Poll ``url`` until it answers; the seconds it took."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()[-2000:] if log else process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return time.monotonic() - start
        except OSError:
            time.sleep(0.01)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def member_cookie(base: str, username: str = READER) -> str:
    """Log in through the form; the Cookie header that carries the session."""
    return member_session(base, username)[0]


def member_session(base: str, username: str = READER) -> tuple[str, str]:
    """Log in through the form; the Cookie header that carries the session, and its CSRF token."""
    jar: dict[str, str] = {}

    def fetch(path: str, data: dict | None = None) -> str:
        request = urllib.request.Request(base + path, data=urllib.parse.urlencode(data).encode() if data else None,
                                         headers={"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
                                                  "User-Agent": USER_AGENT})
        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(request, timeout=10)
        except urllib.error.HTTPError as redirect:
            response = redirect
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            jar[name] = value
        return response.read().decode()

    page = fetch("/login")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', page)
    fetch("/login", {"identifier": username, "password": PASSWORD, "csrf_token": token.group(1) or token.group(2)})
    if "session" not in jar:
        raise RuntimeError("logging in gave no session cookie")
    # The session after logging in holds a fresh CSRF token once a page has used one.
    token = re.search(r'"X-CSRFToken": "([^"]+)"', fetch("/")).group(1)
    return "; ".join(f"{k}={v}" for k, v in jar.items()), token


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wrk(url: str, *, seconds: int, connections: int = 16, cookie: str | None = None, warmup: int = 2) -> float:
    """Requests per second that ``wrk -t2`` gets from ``url``; refuses a run with any non-2xx answer."""
    headers = ["-H", f"User-Agent: {USER_AGENT}", *(["-H", f"Cookie: {cookie}"] if cookie else [])]
    if warmup:
        subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{warmup}s", *headers, url],
                       capture_output=True, check=True)
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", *headers, url],
                         capture_output=True, text=True, check=True).stdout
    # A timeout (wrk's 2 s) is a slow answer, not an error; anything else is.
    if "Non-2xx" in out or re.search(r"connect [1-9]|read [1-9]|write [1-9]", out):
        raise RuntimeError(f"{url} answered errors under load:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def fetch_page(url: str, cookie: str | None = None) -> str:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **({"Cookie": cookie} if cookie else {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()
