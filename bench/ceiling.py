"""Agora's thread page against the framework's ceiling (DESIGN §9), in alternating rounds of one run.

    .venv/bin/python bench/ceiling.py PATH/TO/ceiling_app.py [--seconds 10] [--rounds 3]

Serves the ceiling app (bare Flask + Jinja, 50 comments) and Agora on a fresh
SQLite database, both with ``gunicorn -w 2`` sync workers, and loads each page
with ``wrk -t2 -c16`` in turn, round after round, so noise from other work on
the machine falls on every page alike. Pages:

- ceiling: the ceiling's ``/thread/50``;
- member-50, visitor-50: Agora's thread of 50 posts shaped like the ceiling's
  (every fifth top-level, the rest nested, the same bodies), for a logged-in
  member who may vote and reply, and for a visitor (no cookie);
- member-100, member-10000: the first page of threads of 100 and 10,000 posts
  (50 top-level posts to a page, a third of posts replies), for the member, so
  no page cache hides the database's work.

Prints each round, the medians and the ratios; results go into bench/README.md by hand.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from harness import ROOT, bench_env, fetch_page, gunicorn, member_cookie, migrate, seed, wrk

THREADS = {"50": (50, "ceiling"), "100": (100, "answers"), "10000": (10_000, "answers")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ceiling_app", type=Path, help="path to ceiling_app.py")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--only", nargs="*", help="page names to load (default: all)")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench needs wrk: apt-get install wrk")
    workdir = Path(tempfile.mkdtemp(prefix="agora-ceiling-"))
    env = bench_env(f"sqlite:///{workdir}/bench.sqlite3")
    migrate(env)
    ids = seed(env, THREADS)
    sync = ("-w", "2", "-k", "sync")
    with ExitStack() as stack:
        ceiling = stack.enter_context(gunicorn(f"{options.ceiling_app.stem}:app", env,
                                               options.ceiling_app.resolve().parent, *sync, health="/hello"))
        agora = stack.enter_context(gunicorn("forum:create_app()", env, ROOT, *sync))
        cookie = member_cookie(agora)
        pages = {
            "ceiling": (f"{ceiling}/thread/50", None),
            "member-50": (f"{agora}/threads/{ids['50']}", cookie),
            "visitor-50": (f"{agora}/threads/{ids['50']}", None),
            "member-100": (f"{agora}/threads/{ids['100']}", cookie),
            "member-10000": (f"{agora}/threads/{ids['10000']}", cookie),
        }
        pages = {name: page for name, page in pages.items() if not options.only or name in options.only}
        check_pages(pages)
        results = measure(pages, options)
    report(results)


def check_pages(pages: dict[str, tuple[str, str | None]]) -> None:
    """Each page is what it claims to be: the member's has vote forms and a Log out, the visitor's neither."""
    for name, (url, cookie) in pages.items():
        html = fetch_page(url, cookie)
        print(f"{name:>13}: {len(html.encode()):7,d} bytes  {url}")
        if name.startswith("member") and ("Log out" not in html or "vote-upvote" not in html):
            raise RuntimeError(f"{name} is not a logged-in member's page")
        if name.startswith("visitor") and "Log out" in html:
            raise RuntimeError(f"{name} is not a visitor's page")


def measure(pages: dict[str, tuple[str, str | None]], options: argparse.Namespace) -> dict[str, float]:
    rounds: dict[str, list[float]] = {name: [] for name in pages}
    for number in range(1, options.rounds + 1):
        for name, (url, cookie) in pages.items():
            rounds[name].append(wrk(url, seconds=options.seconds, connections=options.connections, cookie=cookie))
        print(f"round {number}: " + ", ".join(f"{name} {values[-1]:.0f}" for name, values in rounds.items()))
    return {name: statistics.median(values) for name, values in rounds.items()}


def report(results: dict[str, float]) -> None:
    for name, value in results.items():
        print(f"{name:>13}: {value:8.1f} requests/s (median)")
    ceiling = results.get("ceiling")
    for name in ("member-50", "visitor-50"):
        if ceiling and name in results:
            print(f"{name} / ceiling: {results[name] / ceiling:.2f}")
    if "member-100" in results and "member-10000" in results:
        print(f"member-10000 / member-100: {results['member-10000'] / results['member-100']:.2f}")


if __name__ == "__main__":
    main()
