"""Scale-out, proven: locust against nginx → gunicorn servers → PostgreSQL + Redis (issue 12 goal 8).

    .venv/bin/python bench/load_run.py [--servers 2 1] [--seconds 180] [--users 50]
        [--database postgresql+psycopg://postgres@127.0.0.1:5432/bench_perf] [--redis redis://127.0.0.1:6379/7]

For each server count in ``--servers``: recreates the database (it must be one of
its own, never a shared one), migrates and seeds it (50 members, threads of 50,
100 and 200 posts), starts that many gunicorn servers as a deployment would
(``-c python:forum.gunicorn_conf``, production settings, WEB_CONCURRENCY=2 and
THREADS=4 each, the same secret key, REDIS_URL, whose database it empties first)
behind nginx (Debian's package) configured by deploy/nginx/agora.conf with only its
addresses changed, logs ``--users`` members in through the form (a login's password
hash is slow by design, and logging in is not among what is measured), and runs
locust headless: each member reads (80 %), votes (15 %) and posts (5 %) with
0.5–1.5 s between actions. Statistics restart once every member has started
(locust --reset-stats). Prints throughput, p50/p95/p99, errors (5xx counted apart),
the servers' CPU time per request (master and workers, from /proc) and the load average
before and after: on a shared machine, what the servers needed and what they got.

Settings beyond production's defaults: FORUM_PROXY_COUNT=1 (behind nginx), and
FORUM_LOGIN_LIMIT_PER_ADDRESS="1000 per 15 minutes", because every simulated
member logs in from 127.0.0.1. The posting interval stays at its default (10 s,
30 s for accounts under a day old): a refused post answers 429 and counts as
expected, not as an error.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import tempfile
import urllib.parse
from contextlib import ExitStack
from pathlib import Path

from harness import ROOT, VENV_BIN, bench_env, free_port, gunicorn, member_session, migrate, seed, wait_until_up

SITE = ROOT / "deploy" / "nginx" / "agora.conf"
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
  include {dir}/agora.conf;
}}
"""


def site(port: int, bases: list[str]) -> str:
    """deploy/nginx/agora.conf with only its addresses changed: this port, these servers, this checkout's static/."""
    text = re.sub(r"listen \[::\]:80;\n", "", SITE.read_text()).replace("listen 80;", f"listen 127.0.0.1:{port};")
    servers = "".join(f"    server {base.removeprefix('http://')} max_fails=3 fail_timeout=10s;\n" for base in bases)
    text = re.sub(r"(    server 127\.0\.0\.1:800\d .*;\n)+", servers, text)
    return text.replace("/srv/agora/static/", f"{ROOT}/static/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, nargs="+", default=[2, 1])
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--database", default="postgresql+psycopg://postgres@127.0.0.1:5432/bench_perf")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/7")
    options = parser.parse_args()
    results = {count: run(count, options) for count in options.servers}
    print(f"\n{'servers':>7} {'requests':>9} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'failures':>8} "
          f"{'CPU ms/req':>10} {'load':>7}")
    for count, row in results.items():
        print(f"{count:>7} {row['Request Count']:>9} {float(row['Requests/s']):7.1f} {row['50%']:>6} "
              f"{row['95%']:>6} {row['99%']:>6} {row['Failure Count']:>8} {row['server CPU ms/request']:>10} "
              f"{row['load average']:>7}")


def run(servers: int, options: argparse.Namespace) -> dict[str, str]:
    workdir = Path(tempfile.mkdtemp(prefix=f"agora-load-{servers}-"))
    recreate_database(options.database)
    subprocess.run(["redis-cli", "-u", options.redis, "flushdb"], check=True, capture_output=True)
    env = bench_env(options.database, REDIS_URL=options.redis, FORUM_PROXY_COUNT="1",
                    FORUM_LOGIN_LIMIT_PER_ADDRESS="1000 per 15 minutes", WEB_CONCURRENCY="2", THREADS="4")
    migrate(env)
    ids = seed(env, {"50": (50, "ceiling"), "100": (100, "answers"), "200": (200, "answers")}, members=51)
    with ExitStack() as stack:
        bases = [stack.enter_context(gunicorn("forum:create_app()", env, ROOT, "-c", "python:forum.gunicorn_conf"))
                 for _ in range(servers)]
        port = free_port()
        (workdir / "agora.conf").write_text(site(port, bases))
        (workdir / "nginx.conf").write_text(NGINX.format(dir=workdir))
        nginx = subprocess.Popen(["nginx", "-c", str(workdir / "nginx.conf"), "-p", str(workdir)],
                                 stderr=subprocess.DEVNULL)
        stack.callback(nginx.wait)
        stack.callback(nginx.terminate)
        wait_until_up(f"http://127.0.0.1:{port}/healthz", nginx)
        sessions = workdir / "sessions.json"
        sessions.write_text(json.dumps(log_in(f"http://127.0.0.1:{port}", options.users)))
        print(f"== {servers} server(s) behind nginx on :{port}, {options.users} members, {options.seconds} s")
        pids = [pid for base in bases for pid in server_pids(base)]
        cpu_before, load_before = cpu_seconds(pids), os.getloadavg()[0]
        subprocess.run(
            [str(VENV_BIN / "locust"), "-f", str(ROOT / "bench/load/locustfile.py"), "--headless",
             "-u", str(options.users), "-r", "10", "-t", f"{options.seconds}s", "--host", f"http://127.0.0.1:{port}",
             "--csv", str(workdir / "run"), "--only-summary", "--reset-stats", "--loglevel", "WARNING"],
            env={**os.environ, "AGORA_THREADS": ",".join(map(str, ids.values())),
                 "AGORA_POSTS": ",".join(map(str, range(1, 351))), "AGORA_SESSIONS": str(sessions)},
            check=False,
        )
        cpu, load_after = cpu_seconds(pids) - cpu_before, os.getloadavg()[0]
    with open(workdir / "run_stats.csv") as stats:
        row = next(row for row in csv.DictReader(stats) if row["Name"] == "Aggregated")
    # The servers' CPU over the run (a little more than the measured window: the ramp-up too).
    row["server CPU ms/request"] = f"{1000 * cpu / max(1, int(row['Request Count'])):.0f}"
    row["load average"] = f"{load_before:.0f}→{load_after:.0f}"
    return row


def server_pids(base: str) -> list[int]:
    """The gunicorn master and workers serving ``base``."""
    out = subprocess.run(["pgrep", "-f", f"gunicorn -b {base.removeprefix('http://')}"],
                         capture_output=True, text=True).stdout
    return [int(pid) for pid in out.split()]


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time the processes have used so far."""
    ticks = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rpartition(")")[2].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of stat(5)
    return ticks / os.sysconf("SC_CLK_TCK")


def log_in(base: str, members: int) -> list[dict[str, str]]:
    """Each member logs in through the form before the run: a login's password hash is slow by
    design, and logging in is none of the three things the run measures."""
    sessions = []
    for n in range(1, members + 1):
        cookie, token = member_session(base, f"user{n}")
        sessions.append({"name": f"user{n}", "cookie": cookie, "token": token})
    return sessions


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
