"""Idle memory of gunicorn's master and two workers, and cold start to the first answer (issue 12 goal 7).

    .venv/bin/python bench/startup.py PATH/TO/ceiling_app.py [--runs 5] [--against CHECKOUT]

Serves Agora as ``make run`` does (``gunicorn -c python:forum.gunicorn_conf``: the
application preloaded in the master, two gthread workers of 8 threads) on a fresh
SQLite database with production settings, and the ceiling app under the same
gunicorn settings (``-w 2 -k gthread --threads 8 --preload``), in alternating runs.

- Cold start: from starting gunicorn to the first answered request of the 50-post
  thread page (the ceiling's ``/thread/50``), polled every 10 ms; and the CPU time
  the master and the answering worker had used by then, which a machine shared with
  other work slows far less than the wall clock.
- Idle memory: once gunicorn has forked both workers (the first may answer before the
  second exists) and both have answered the thread page (requests go on until
  gunicorn's access log names both workers' pids), after a second's rest, the summed
  PSS of the master and its workers, read from /proc/PID/smaps_rollup. PSS splits each
  shared page among the processes that share it: the workers share the master's
  preloaded pages, so summed RSS counts those pages three times and summed USS
  (private pages only) not at all; summed PSS is what the three occupy. RSS and USS
  are printed too. Then, for Agora, the summed PSS again once both workers have also
  answered an API request (the thread as JSON): views that load on their first
  request load in each worker, unshared.

``--libraries`` serves the ceiling app a third time, after importing the libraries
Agora answers with (SQLAlchemy's ORM, Flask-SQLAlchemy, Flask-Login, Flask-WTF, nh3):
the cold start any application on this stack starts from.

``--against`` serves another checkout of Agora too (``git worktree add --detach DIR
COMMIT``), with this one's virtualenv, in the same alternating runs: a before and
after in one run.

Before the servers, the script times what ``make run`` does first on a new
database: ``forum db upgrade`` and ``forum bootstrap`` (the first admin and the
demo articles); and it compiles each checkout's own modules as ``make run`` does,
so a start does not compile them where PYTHONDONTWRITEBYTECODE is set (as on the
machine of the measurements below). Prints each run and the medians.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from harness import ROOT, VENV_BIN, bench_env, free_port, seed, wait_until_up

WORKERS = 2


@dataclass(frozen=True)
class Start:
    cold: float  # seconds to the first answer
    cpu: float  # seconds of CPU the master and the answering worker had used by then
    pss: float  # MB, summed over master and workers, once each worker has answered the page
    rss: float
    uss: float
    pss_api: float | None  # summed PSS once each worker has also answered an API request (None: no API)


def newcomer_steps(env: dict[str, str]) -> dict[str, float]:
    """Seconds that `forum db upgrade` and `forum bootstrap` take on a new database."""
    times = {}
    for step in (["db", "upgrade"], ["bootstrap"]):
        start = time.monotonic()
        subprocess.run([str(VENV_BIN / "forum"), *step], env=env, cwd=ROOT, check=True, capture_output=True)
        times[" ".join(step)] = time.monotonic() - start
    return times


def one_start(command: list[str], cwd: Path, env: dict[str, str], path: str, api_path: str | None = None) -> Start:
    port = free_port()
    access = Path(tempfile.mkdtemp(prefix="agora-startup-")) / "access.log"
    start = time.monotonic()
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-b", f"127.0.0.1:{port}", "--access-logfile", str(access),
         "--access-logformat", "%(p)s %(U)s", *command], cwd=cwd, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url + path, process)
        cold = time.monotonic() - start
        cpu = _cpu(process.pid) + max(map(_cpu, _children(process.pid)))
        workers = _workers(process.pid, WORKERS)
        _answer_in_each(url, path, workers, access)
        totals = [_memory(pid) for pid in [process.pid, *workers]]
        pss, rss, uss = (sum(values) / 1024 for values in zip(*totals))
        pss_api = None
        if api_path is not None:
            _answer_in_each(url, api_path, workers, access)
            pss_api = sum(_memory(pid)[0] for pid in [process.pid, *workers]) / 1024
        return Start(cold, cpu, pss, rss, uss, pss_api)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _workers(pid: int, count: int) -> list[int]:
    """The master's ``count`` workers: gunicorn forks them one after another, and the first may answer before
    the last is forked."""
    for _ in range(1000):
        workers = _children(pid)
        if len(workers) >= count:
            return workers
        time.sleep(0.01)
    raise RuntimeError(f"gunicorn started {_children(pid)}, not {count} workers")


def _answer_in_each(url: str, path: str, workers: list[int], access: Path) -> None:
    """Request ``path`` until each worker has answered it (gunicorn's access log names the worker), then rest."""
    for _ in range(200):
        urllib.request.urlopen(url + path, timeout=10).read()
        if set(workers) <= _served(access, path):
            break
    else:
        raise RuntimeError(f"{path} reached only {_served(access, path)} of {workers}")
    time.sleep(1)


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(child) for child in out.split()]


def _cpu(pid: int) -> float:
    """User and system CPU seconds of ``pid`` so far (/proc/PID/stat, fields 14 and 15)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _served(access: Path, path: str) -> set[int]:
    """The worker pids gunicorn's access log names for ``path`` (its format here: the pid, then the path)."""
    served = set()
    for line in access.read_text().splitlines():
        pid, _, logged = line.partition(" ")
        if logged == path.partition("?")[0]:
            served.add(int(pid.strip("<>")))
    return served


def _memory(pid: int) -> tuple[int, int, int]:
    """PSS, RSS and USS of ``pid`` in kB."""
    fields = {}
    with open(f"/proc/{pid}/smaps_rollup") as rollup:
        for line in rollup:
            name, _, rest = line.partition(":")
            if rest.strip().endswith("kB"):
                fields[name] = int(rest.split()[0])
    return fields["Pss"], fields["Rss"], fields["Private_Clean"] + fields["Private_Dirty"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ceiling_app", type=Path, help="path to ceiling_app.py")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--against", type=Path, help="another checkout of Agora to serve in the same runs")
    parser.add_argument("--libraries", action="store_true", help="also the ceiling app with Agora's libraries loaded")
    options = parser.parse_args()
    results = measure(options.ceiling_app, options.runs, options.against, options.libraries)
    report(results)


LIBRARIES_APP = """import flask_login, flask_sqlalchemy, flask_wtf, nh3, sqlalchemy.orm, sys
sys.path.insert(0, {directory!r})
from {module} import app
"""


def measure(ceiling_app: Path, runs: int, against: Path | None = None, libraries: bool = False) -> dict[str, object]:
    workdir = Path(tempfile.mkdtemp(prefix="agora-startup-"))
    env = bench_env(f"sqlite:///{workdir}/bench.sqlite3", WEB_CONCURRENCY="2")
    steps = newcomer_steps(env)
    for step, seconds in steps.items():
        print(f"forum {step}: {seconds:.2f} s")
    thread_id = seed(env, {"50": (50, "ceiling")})["50"]
    agora = ["-c", "python:forum.gunicorn_conf", "forum:create_app()"]
    api = f"/api/v1/threads/{thread_id}"
    servers = {
        "ceiling": (["-w", "2", "-k", "gthread", "--threads", "8", "--preload", f"{ceiling_app.stem}:app"],
                    ceiling_app.resolve().parent, env, "/thread/50", None),
        "agora": (agora, ROOT, env, f"/threads/{thread_id}", api),
    }
    if libraries:
        (workdir / "libraries_app.py").write_text(
            LIBRARIES_APP.format(directory=str(ceiling_app.resolve().parent), module=ceiling_app.stem))
        servers["libraries"] = (["-w", "2", "-k", "gthread", "--threads", "8", "--preload", "libraries_app:app"],
                                workdir, env, "/thread/50", None)
    if against is not None:
        servers[against.name] = (agora, against.resolve(), {**env, "PYTHONPATH": str(against.resolve())},
                                 f"/threads/{thread_id}", api)
    for checkout in {ROOT, *([against.resolve()] if against is not None else [])}:
        compile_sources(checkout)
    starts: dict[str, list[Start]] = {name: [] for name in servers}
    for number in range(1, runs + 1):
        for name, (command, cwd, server_env, path, api_path) in servers.items():
            starts[name].append(one_start(command, cwd, server_env, path, api_path))
        print(f"run {number}: " + "; ".join(f"{name} {_describe(s[-1])}" for name, s in starts.items()))
    return {"steps": steps, "starts": starts}


def compile_sources(checkout: Path) -> None:
    """Compile a checkout's own modules, as ``make run`` does before serving (pip compiles the libraries')."""
    subprocess.run([str(VENV_BIN / "python"), "-m", "compileall", "-q", "forum", "config.py"], cwd=checkout,
                   check=True)


def _describe(start: Start) -> str:
    after_api = f", after an API request {start.pss_api:.0f} MB" if start.pss_api is not None else ""
    return (f"cold {start.cold:.2f} s (CPU {start.cpu:.2f} s), PSS {start.pss:.0f} MB (RSS {start.rss:.0f}, "
            f"USS {start.uss:.0f}){after_api}")


def report(results: dict[str, object]) -> None:
    medians = {name: Start(*(statistics.median(getattr(s, field) for s in runs)
                             for field in ("cold", "cpu", "pss", "rss", "uss")),
                           None if runs[0].pss_api is None else statistics.median(s.pss_api for s in runs))
               for name, runs in results["starts"].items()}
    for name, median in medians.items():
        print(f"{name:>8} (median): {_describe(median)}")
    ceiling = medians.pop("ceiling")
    for name, median in medians.items():
        print(f"{name} / ceiling: cold start {median.cold / ceiling.cold:.2f} (CPU {median.cpu / ceiling.cpu:.2f}), "
              f"PSS {median.pss / ceiling.pss:.2f}")


if __name__ == "__main__":
    main()
