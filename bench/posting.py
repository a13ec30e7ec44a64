"""New answers per second through the HTML form, on SQLite (issue 12 goal 6).

    .venv/bin/python bench/posting.py [--seconds 10] [--connections 8] [--members 8]

Serves Agora as ``make run`` does (``gunicorn -c python:forum.gunicorn_conf``, its
workers and threads) on a fresh SQLite database, logs ``--members`` members in
through the login form, and has ``wrk`` POST the answer form of one thread as they
would with JavaScript off: their session cookie, the form's CSRF token, a Markdown
body with bold text and a link (rendered and sanitized by the server), each body
different (the duplicate-post guard would refuse a repeat). No request may
answer an error; the answers stored in the database, divided by the seconds,
are the rate. Settings: FORUM_POST_INTERVAL_SECONDS=0 and
FORUM_NEW_ACCOUNT_POST_INTERVAL_SECONDS=0 (the per-member rate limits would
otherwise allow one answer in 10 s) and FORUM_HEAT_POSTS=0 (a thread of more
than 30 answers in 10 minutes would otherwise go into automatic slow mode);
everything else is production's.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from harness import ROOT, USER_AGENT, bench_env, gunicorn, member_session, migrate, seed

LUA = """
local members = {%(members)s}
local path = "%(path)s"
local counter = 0
local me = 0
local serial = 0

function setup(thread)
  serial = serial + 1
  thread:set("me", serial)
end

function init(args)
  me = tonumber(wrk.thread:get("me"))
end

function request()
  counter = counter + 1
  local member = members[((me + counter) %% #members) + 1]
  local body = "csrf_token=" .. member.token .. "&body=Answer+" .. me .. "-" .. counter ..
    "+with+**some+bold+text**+and+a+[link](https://example.org/" .. me .. "/" .. counter .. ")."
  return wrk.format("POST", path, {["Content-Type"] = "application/x-www-form-urlencoded",
                                   ["Cookie"] = member.cookie,
                                   ["User-Agent"] = "%(user_agent)s"}, body)
end
"""


@dataclass(frozen=True)
class Posting:
    stored: int
    seconds: float
    sent: int
    errors: int

    @property
    def rate(self) -> float:
        return self.stored / self.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--members", type=int, default=8)
    options = parser.parse_args()
    result = measure(options.seconds, options.connections, options.members)
    print(f"{result.sent} answers sent, {result.errors} answered with an error, {result.stored} stored")
    print(f"{result.rate:.0f} answers per second stored ({result.seconds:.1f} s, {options.members} members, "
          f"{options.connections} connections)")
    if result.errors:
        raise SystemExit(f"{result.errors} answers were refused")


def measure(seconds: int, connections: int = 8, members: int = 8) -> Posting:
    """Answers posted through the form for ``seconds`` by ``members`` over ``connections``, on a fresh database."""
    workdir = Path(tempfile.mkdtemp(prefix="agora-posting-"))
    database = workdir / "bench.sqlite3"
    env = bench_env(f"sqlite:///{database}", FORUM_POST_INTERVAL_SECONDS="0",
                    FORUM_NEW_ACCOUNT_POST_INTERVAL_SECONDS="0", FORUM_HEAT_POSTS="0")
    migrate(env)
    thread_id = seed(env, {"answers": (10, "answers")})["answers"]
    with gunicorn("forum:create_app()", env, ROOT, "-c", "python:forum.gunicorn_conf") as base:
        sessions = []
        for n in range(1, members + 1):
            cookie, token = member_session(base, f"user{n}")
            sessions.append(f'{{cookie = "{cookie}", token = "{token}"}}')
        script = workdir / "post.lua"
        script.write_text(LUA % {"members": ", ".join(sessions), "path": f"/threads/{thread_id}/posts",
                                 "user_agent": USER_AGENT})
        before = count_posts(database)
        start = time.monotonic()
        out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(script), base],
                             capture_output=True, text=True, check=True).stdout
        elapsed = time.monotonic() - start
        stored = count_posts(database) - before
    print(out)
    sent = int(re.search(r"(\d+) requests in", out).group(1))
    # wrk counts answers that are neither 2xx nor 3xx: the form's redirect is not among them.
    errors = int(re.search(r"Non-2xx or 3xx responses: (\d+)", out).group(1)) if "Non-2xx" in out else 0
    return Posting(stored, elapsed, sent, errors)


def count_posts(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT count(*) FROM posts").fetchone()[0]


if __name__ == "__main__":
    main()
