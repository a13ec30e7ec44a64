"""Scale-out, proven: locust against nginx → gunicorn servers → PostgreSQL + Redis (issue 12 goal 8).

    .venv/bin/python bench/load_run.py [--servers 2 1] [--seconds 180] [--users 50]
        [--database postgresql+psycopg://postgres@127.0.0.1:5432/bench_perf] [--redis redis://127.0.0.1:6379/7]

For each server count in ``--servers``: recreates the database (it must be one of
its own, never a shared one), migrates and seeds it (50 members, threads of 50,
100 and 200 posts), starts that many gunicorn servers as a deployment would
(``-c python:forum.gunicorn_conf``, production settings, WEB_CONCURRENCY=2 and
THREADS=4 each, the same secret key, REDIS_URL) behind nginx (Debian's package;
a config of this script's own in a scratch folder, round robin, keepalive), and
runs locust headless: ``--users`` members, each logging in through the form, then
reading (80 %), voting (15 %) and posting (5 %) with 0.5–1.5 s between actions.
Statistics restart once every member has been started (locust --reset-stats), so
the logins of the ramp-up (scrypt, by design slow) weigh little. Prints throughput,
p50/p95/p99 and errors (5xx counted apart).

Settings beyond production's defaults: FORUM_PROXY_COUNT=1 (behind nginx), and
FORUM_LOGIN_LIMIT_PER_ADDRESS="1000 per 15 minutes", because every simulated
member logs in from 127.0.0.1. The posting interval stays at its default (10 s,
30 s for accounts under a day old): a refused post answers 429 and counts as
expected, not as an error.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import tempfile
import urllib.parse
from contextlib import ExitStack
from pathlib import Path

from harness import PASSWORD, ROOT, VENV_BIN, bench_env, free_port, gunicorn, migrate, seed, wait_until_up

NGINX = """
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {dir}/client_body;
  proxy_temp_path {dir}/proxy;
  fastcgi_temp_path {dir}/fastcgi;
  uwsgi_temp_path {dir}/uwsgi;
  scgi_temp_path {dir}/scgi;
  upstream agora {{
{servers}
    keepalive 32;
    # Below gunicorn's 2 s keep-alive: a connection gunicorn is closing is never reused (a reset
    # there made nginx count the server as failed and answer 502 with no server left).
    keepalive_timeout 1s;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://agora;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }}
  }}
}}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, nargs="+", default=[2, 1])
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--database", default="postgresql+psycopg://postgres@127.0.0.1:5432/bench_perf")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/7")
    options = parser.parse_args()
    results = {count: run(count, options) for count in options.servers}
    print(f"\n{'servers':>7} {'requests':>9} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'failures':>8}")
    for count, row in results.items():
        print(f"{count:>7} {row['Request Count']:>9} {float(row['Requests/s']):7.1f} {row['50%']:>6} "
              f"{row['95%']:>6} {row['99%']:>6} {row['Failure Count']:>8}")


def run(servers: int, options: argparse.Namespace) -> dict[str, str]:
    workdir = Path(tempfile.mkdtemp(prefix=f"agora-load-{servers}-"))
    recreate_database(options.database)
    env = bench_env(options.database, REDIS_URL=options.redis, FORUM_PROXY_COUNT="1",
                    FORUM_LOGIN_LIMIT_PER_ADDRESS="1000 per 15 minutes", WEB_CONCURRENCY="2", THREADS="4")
    migrate(env)
    ids = seed(env, {"50": (50, "ceiling"), "100": (100, "answers"), "200": (200, "answers")}, members=51)
    with ExitStack() as stack:
        bases = [stack.enter_context(gunicorn("forum:create_app()", env, ROOT, "-c", "python:forum.gunicorn_conf"))
                 for _ in range(servers)]
        port = free_port()
        upstreams = "\n".join(f"    server {base.removeprefix('http://')};" for base in bases)
        (workdir / "nginx.conf").write_text(NGINX.format(dir=workdir, servers=upstreams, port=port))
        nginx = subprocess.Popen(["nginx", "-c", str(workdir / "nginx.conf"), "-p", str(workdir)],
                                 stderr=subprocess.DEVNULL)
        stack.callback(nginx.wait)
        stack.callback(nginx.terminate)
        wait_until_up(f"http://127.0.0.1:{port}/healthz", nginx)
        print(f"== {servers} server(s) behind nginx on :{port}, {options.users} members, {options.seconds} s")
        subprocess.run(
            [str(VENV_BIN / "locust"), "-f", str(ROOT / "bench/load/locustfile.py"), "--headless",
             "-u", str(options.users), "-r", "10", "-t", f"{options.seconds}s", "--host", f"http://127.0.0.1:{port}",
             "--csv", str(workdir / "run"), "--only-summary", "--reset-stats", "--loglevel", "WARNING"],
            env={**os.environ, "AGORA_THREADS": ",".join(map(str, ids.values())),
                 "AGORA_POSTS": ",".join(map(str, range(1, 351))), "AGORA_PASSWORD": PASSWORD},
            check=False,
        )
    with open(workdir / "run_stats.csv") as stats:
        return next(row for row in csv.DictReader(stats) if row["Name"] == "Aggregated")


def recreate_database(url: str) -> None:
    parts = urllib.parse.urlsplit(url.replace("+psycopg", ""))
    name = parts.path.lstrip("/")
    if name in ("test", "postgres"):
        raise SystemExit(f"refusing to recreate the shared database {name!r}")
    admin = parts._replace(path="/postgres").geturl()
    subprocess.run(["psql", admin, "-q", "-c", f'DROP DATABASE IF EXISTS "{name}"', "-c", f'CREATE DATABASE "{name}"'],
                   check=True, capture_output=True)


if __name__ == "__main__":
    main()
