"""Throughput of the thread page under gunicorn, against bare Flask and across thread sizes.

    .venv/bin/python bench/thread_page.py [--seconds 10] [--connections 16] [--rounds 3]

Needs `wrk` (Debian package `wrk`). Serves each app with the same gunicorn
settings `make run` uses (one gthread worker, 8 threads), loads it with wrk
from a second process, and prints requests per second and the ratios that
DESIGN §9 budgets. The baseline renders as many posts as make its page the
same size in bytes as the 200-post thread page. Each round loads every page in
turn, so a neighbour's burst of work falls on all of them; the median round counts.
Results go into bench/README.md by hand.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def seed(database_uri: str, sizes: dict[str, int]) -> dict[str, int]:
    """Create one thread per size with that many posts (a third of them replies); their ids."""
    sys.path.insert(0, str(ROOT))
    from forum import create_app
    from forum.extensions import db
    from forum.services import accounts, articles

    app = create_app("development", {"SQLALCHEMY_DATABASE_URI": database_uri})
    ids = {}
    with app.app_context():
        authors = [accounts.register(username=f"bench{n}", email=f"bench{n}@example.org",
                                     password="bench-password", role="moderator" if n == 0 else "member")
                   for n in range(40)]
        for name, count in sizes.items():
            draft = articles.check_draft(title=f"Bench {name}", body="Body.", source_url=None,
                                         questions=[f"Question for {name}?"])
            article = articles.publish_article(authors[0], draft)
            ids[name] = _fill_thread(article, authors, count)
        db.session.remove()
        db.engine.dispose()
    return ids


def _fill_thread(article, authors: list, count: int) -> int:
    from forum.extensions import db
    from forum.models import Post, Thread
    from forum.services.markdown import render_markdown

    thread = db.session.query(Thread).filter_by(article_id=article.id).one()
    html = render_markdown("A considered answer with *some* emphasis and a sentence or two more.")
    posts: list[Post] = []
    for n in range(count):
        parent = posts[n - 1] if n % 3 == 2 else None
        post = Post(thread=thread, author=authors[n % 40], body="A considered answer.", body_html=html,
                    parent_id=parent.id if parent else None, depth=parent.depth + 1 if parent else 0,
                    score=n % 7, upvotes=n % 7)
        db.session.add(post)
        db.session.flush()
        posts.append(post)
    thread.post_count = count
    db.session.commit()
    return thread.id


def serve(app_spec: str, port: int, env: dict[str, str], cwd: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-c", "python:forum.gunicorn_conf", "--access-logfile", "/dev/null",
         app_spec],
        cwd=cwd, env={**env, "PORT": str(port)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz" if "forum" in app_spec
                                   else f"http://127.0.0.1:{port}/", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{app_spec} did not start on port {port}")


def page_bytes(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:
        return len(response.read())


def same_sized_baseline(base_url: str, target: int) -> tuple[int, int]:
    """The baseline's post count whose page is ``target`` bytes, within 5 %; that count and its size."""
    empty, hundred = page_bytes(f"{base_url}?posts=0"), page_bytes(f"{base_url}?posts=100")
    count = max(0, round((target - empty) * 100 / (hundred - empty)))
    size = page_bytes(f"{base_url}?posts={count}")
    if abs(size - target) > 0.05 * target:
        raise RuntimeError(f"baseline of {count} posts is {size} bytes, not about {target}")
    return count, size


def requests_per_second(url: str, seconds: int, connections: int) -> float:
    subprocess.run(["wrk", "-t2", f"-c{connections}", "-d2s", url], capture_output=True, check=True)
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", url],
                         capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"{url} answered errors under load:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def measure(urls: dict[str, str], options: argparse.Namespace) -> dict[str, float]:
    """Median requests per second of each URL over ``options.rounds`` rounds."""
    rounds: dict[str, list[float]] = {name: [] for name in urls}
    for _ in range(options.rounds):
        for name, url in urls.items():
            rounds[name].append(requests_per_second(url, options.seconds, options.connections))
    for name, values in rounds.items():
        print(f"{name:>9}: " + ", ".join(f"{value:.1f}" for value in values))
    return {name: statistics.median(values) for name, values in rounds.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench needs wrk: apt-get install wrk")
    workdir = Path(tempfile.mkdtemp(prefix="agora-bench-"))
    database_uri = f"sqlite:///{workdir}/bench.sqlite3"
    env = {**os.environ, "FORUM_CONFIG": "development", "FORUM_SQLALCHEMY_DATABASE_URI": database_uri,
           "FORUM_SECRET_KEY": "bench-only", "WEB_CONCURRENCY": "1"}
    env.pop("REDIS_URL", None)
    subprocess.run([str(VENV_BIN / "forum"), "db", "upgrade"], env=env, check=True, capture_output=True)
    ids = seed(database_uri, {"100": 100, "200": 200, "10000": 10_000})

    app = serve("forum:create_app()", 5601, env, ROOT)
    baseline = serve("baseline_app:app", 5602, env, ROOT / "bench")
    try:
        urls = {name: f"http://127.0.0.1:5601/threads/{thread_id}" for name, thread_id in ids.items()}
        sizes = {name: page_bytes(url) for name, url in urls.items()}
        count, sizes["baseline"] = same_sized_baseline("http://127.0.0.1:5602/", sizes["200"])
        urls["baseline"] = f"http://127.0.0.1:5602/?posts={count}"
        results = measure(urls, options)
    finally:
        app.terminate()
        baseline.terminate()
        app.wait()
        baseline.wait()
    for name, value in results.items():
        print(f"{name:>9}: {value:8.1f} requests/s (median), {sizes[name]:7,d} bytes")
    print(f"baseline renders {count} posts to match the 200-post thread page's size")
    print(f"200-post thread / bare Flask baseline: {results['200'] / results['baseline']:.2f} (budget >= 0.50)")
    print(f"10,000-post thread / 100-post thread:  {results['10000'] / results['100']:.2f} (budget ~ 1.00)")


if __name__ == "__main__":
    main()
