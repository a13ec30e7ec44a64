"""Issue 12's goals 1 to 7 in one run, each beside the framework's ceiling measured in the same run.

    .venv/bin/python bench/all_goals.py PATH/TO/ceiling_app.py [--seconds 10] [--rounds 3] [--starts 3]

1, 2, 4: the thread pages against the ceiling's ``/thread/50`` in alternating wrk rounds
         (bench/ceiling.py: gunicorn -w 2 sync workers, wrk -t2 -c16).
3:       a visitor's page answers a conditional request with 304 and may be kept by a
         shared cache; a member's page is private.
5:       ``make run``'s server (forum.gunicorn_conf, no Redis) runs more than one worker
         (that its rate limits hold across them is tests/faults/test_rate_limits_across_processes.py).
6:       answers per second through the HTML form on SQLite (bench/posting.py), between
         two wrk rounds of the ceiling's page, the machine's speed at that moment.
7:       cold start and idle memory (summed PSS) of make run's server and of the ceiling
         under the same gunicorn settings, alternating (bench/startup.py).

Prints a Markdown table with the date; it goes into bench/README.md by hand.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import subprocess
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import ceiling
import posting
import startup
from harness import ROOT, USER_AGENT, bench_env, gunicorn, member_cookie, migrate, seed, wrk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ceiling_app", type=Path, help="path to ceiling_app.py")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--starts", type=int, default=3)
    options = parser.parse_args()
    options.connections = 16
    began = datetime.datetime.now(datetime.UTC)
    rows = []
    with ExitStack() as stack:
        workdir = Path(tempfile.mkdtemp(prefix="agora-goals-"))
        env = bench_env(f"sqlite:///{workdir}/bench.sqlite3")
        migrate(env)
        ids = seed(env, ceiling.THREADS)
        sync = ("-w", "2", "-k", "sync")
        ceiling_base = stack.enter_context(gunicorn(f"{options.ceiling_app.stem}:app", env,
                                                    options.ceiling_app.resolve().parent, *sync, health="/hello"))
        agora = stack.enter_context(gunicorn("forum:create_app()", env, ROOT, *sync))
        cookie = member_cookie(agora)
        ceiling_page = f"{ceiling_base}/thread/50"
        pages = {
            "ceiling": (ceiling_page, None),
            "member-50": (f"{agora}/threads/{ids['50']}", cookie),
            "visitor-50": (f"{agora}/threads/{ids['50']}", None),
            "member-100": (f"{agora}/threads/{ids['100']}", cookie),
            "member-10000": (f"{agora}/threads/{ids['10000']}", cookie),
        }
        ceiling.check_pages(pages)
        rates = ceiling.measure(pages, options)
        top = rates["ceiling"]
        rows += [
            ("1", "member's 50-answer page, req/s", rates["member-50"], top, "≥ 0.5"),
            ("2", "visitor's 50-answer page, req/s", rates["visitor-50"], top, "≥ 1.0"),
            ("4", "member's first page, 10,000 posts / 100 posts", rates["member-10000"], rates["member-100"],
             "≥ 0.9"),
        ]
        rows.append(("3", "visitor's page: " + conditional_get(pages["visitor-50"][0], cookie), None, None, ""))
        rows.append(("5", "`make run` without Redis: " + make_run_workers(env), None, None, ""))
        before = wrk(ceiling_page, seconds=options.seconds, connections=options.connections)
        posted = posting.measure(options.seconds)
        after = wrk(ceiling_page, seconds=options.seconds, connections=options.connections)
        rows.append(("6", f"answers/s through the form ({posted.stored} in {posted.seconds:.1f} s, "
                          f"{posted.errors} errors) / ceiling page req/s before and after ({before:.0f}, {after:.0f})",
                     posted.rate, statistics.mean((before, after)), "≥ 200/s"))
    starts = startup.measure(options.ceiling_app, options.starts)
    medians = {name: (statistics.median(s.cold for s in runs), statistics.median(s.pss for s in runs))
               for name, runs in starts["starts"].items()}
    steps = ", ".join(f"forum {step} {seconds:.1f} s" for step, seconds in starts["steps"].items())
    rows += [
        ("7", "cold start to the first answer, s", medians["agora"][0], medians["ceiling"][0], "≤ 0.5 s"),
        ("7", "master + 2 workers idle, MB (summed PSS)", medians["agora"][1], medians["ceiling"][1], "≤ 105 MB"),
        ("7", f"before the server, on a new database: {steps}", None, None, ""),
    ]
    report(rows, began)


def conditional_get(url: str, cookie: str) -> str:
    """What the visitor's page says about caching, and what the member's does."""
    with urllib.request.urlopen(url, timeout=10) as response:
        etag, control = response.headers["ETag"], response.headers["Cache-Control"]
    request = urllib.request.Request(url, headers={"If-None-Match": etag})
    try:
        status = urllib.request.urlopen(request, timeout=10).status
    except urllib.error.HTTPError as answer:
        status = answer.code
    member = urllib.request.Request(url, headers={"Cookie": cookie, "User-Agent": USER_AGENT})
    with urllib.request.urlopen(member, timeout=10) as response:
        private = response.headers["Cache-Control"]
    return f"If-None-Match → {status}; `Cache-Control: {control}`; member's page `{private}`"


def make_run_workers(env: dict[str, str]) -> str:
    """How many workers make run's gunicorn settings start without REDIS_URL and WEB_CONCURRENCY."""
    plain = {key: value for key, value in env.items() if key not in ("REDIS_URL", "WEB_CONCURRENCY")}
    with gunicorn("forum:create_app()", plain, ROOT, "-c", "python:forum.gunicorn_conf") as base:
        master = subprocess.run(["pgrep", "-f", f"gunicorn -b {base.removeprefix('http://')}"],
                                capture_output=True, text=True).stdout.split()[0]
        time.sleep(0.5)
        workers = subprocess.run(["pgrep", "-P", master], capture_output=True, text=True).stdout.split()
    return f"{len(workers)} worker processes, rate limits counted in the database"


def report(rows: list[tuple], began: datetime.datetime) -> None:
    print(f"\n{began:%Y-%m-%d %H:%M}–{datetime.datetime.now(datetime.UTC):%H:%M} UTC, "
          f"load average at the end {os.getloadavg()[0]:.1f}\n")
    print("| goal | measure | Agora | ceiling (same run) | ratio | target |")
    print("| --- | --- | ---: | ---: | ---: | --- |")
    for goal, what, agora, top, target in rows:
        if agora is None:
            print(f"| {goal} | {what} | | | | |")
            continue
        print(f"| {goal} | {what} | {agora:,.2f} | {top:,.2f} | {agora / top:.2f} | {target} |")


if __name__ == "__main__":
    main()
