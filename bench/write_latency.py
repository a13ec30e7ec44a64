"""SQLite write latency under 8 writers and 2 readers paging a 4,000-post thread (issue 10, item 9).

    .venv/bin/python bench/write_latency.py [--seconds 60] [--writers 8] [--readers 2]

Seeds a fresh SQLite database (migrated as in production) with a 4,000-post
thread, serves it with the settings `make run` uses (gunicorn, one gthread
worker, 8 threads, no Redis), then for --seconds: each writer member answers
in another thread through the API (bearer token, one post after another,
rate limits and heat off: FORUM_POST_INTERVAL_SECONDS=0,
FORUM_NEW_ACCOUNT_POST_INTERVAL_SECONDS=0, FORUM_HEAT_POSTS=0) while each reader pages through
the big thread. Prints p50, p99 and max of the writes and the reads, and
how many answered 5xx. Results go into bench/README.md by hand.
"""

from __future__ import annotations

import argparse
import itertools
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
THREAD_POSTS = 4_000


def seed(database_uri: str, writers: int) -> tuple[int, int, int, list[str]]:
    """The big thread, the thread writers answer in, its page count, and one token per writer."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from harness import _fill_thread

    from forum import create_app
    from forum.extensions import db
    from forum.models import Thread
    from forum.services import articles, auth, tokens

    app = create_app("development", {"SQLALCHEMY_DATABASE_URI": database_uri})
    with app.app_context():
        members = [auth.register(username=f"bench{n}", email=f"bench{n}@example.org",
                                 password=secrets.token_urlsafe(16), role="moderator" if n == 0 else "member")
                   for n in range(40)]
        big_article, target_article = (articles.publish_article(members[0], articles.check_draft(
            title=title, body=f"The {title.lower()} article.", source_url=None, questions=[f"{title}?"])) for title in ("Big", "Written"))
        big = _fill_thread(big_article, members, THREAD_POSTS, "answers")
        target = db.session.query(Thread).filter_by(article_id=target_article.id).one().id
        top_level = THREAD_POSTS - THREAD_POSTS // 3  # every third post is a reply
        pages = -(-top_level // app.config["POSTS_PER_PAGE"])
        raw = [tokens.issue_token(member) for member in members[1:writers + 1]]
        db.session.remove()
        db.engine.dispose()
    return big, target, pages, raw


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--readers", type=int, default=2)
    options = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="agora-bench-"))
    database_uri = f"sqlite:///{workdir}/bench.sqlite3"
    port = free_port()
    env = {**os.environ, "FORUM_CONFIG": "development", "FORUM_SQLALCHEMY_DATABASE_URI": database_uri,
           "FORUM_SECRET_KEY": secrets.token_hex(32), "WEB_CONCURRENCY": "1", "PORT": str(port),
           "FORUM_POST_INTERVAL_SECONDS": "0", "FORUM_NEW_ACCOUNT_POST_INTERVAL_SECONDS": "0",
           "FORUM_HEAT_POSTS": "0"}
    env.pop("REDIS_URL", None)
    subprocess.run([str(VENV_BIN / "forum"), "db", "upgrade"], env=env, check=True, capture_output=True)
    big, target, pages, raw_tokens = seed(database_uri, options.writers)
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-c", "python:forum.gunicorn_conf", "--access-logfile", "/dev/null",
         "forum:create_app()"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            requests.get(base + "/healthz", timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    writes: list[tuple[float, int]] = []
    reads: list[tuple[float, int]] = []
    stop_at = time.monotonic() + options.seconds

    def write(token: str, number: int) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        for count in itertools.count():
            if time.monotonic() > stop_at:
                return
            started = time.monotonic()
            answer = requests.post(f"{base}/api/v1/threads/{target}/posts", headers=headers, timeout=120,
                                   json={"body": f"Writer {number}, answer {count}: *considered* words."})
            writes.append((time.monotonic() - started, answer.status_code))

    def read(number: int) -> None:
        for count in itertools.count():
            if time.monotonic() > stop_at:
                return
            started = time.monotonic()
            answer = requests.get(f"{base}/threads/{big}?page={(count * 7 + number) % pages + 1}", timeout=120)
            reads.append((time.monotonic() - started, answer.status_code))

    workers = [threading.Thread(target=write, args=(token, n)) for n, token in enumerate(raw_tokens)]
    workers += [threading.Thread(target=read, args=(n,)) for n in range(options.readers)]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    finally:
        server.terminate()
        server.wait()
    for name, samples in (("writes", writes), ("reads", reads)):
        seconds = [elapsed for elapsed, _ in samples]
        errors = sum(status >= 500 for _, status in samples)
        print(f"{name:>6}: {len(samples):5d} done, p50 {statistics.median(seconds):.3f} s, "
              f"p99 {percentile(seconds, 0.99):.3f} s, max {max(seconds):.3f} s, 5xx {errors}")


if __name__ == "__main__":
    main()
