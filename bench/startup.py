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
- Idle memory: after both workers have answered (requests go on until gunicorn's
  access log names both workers' pids) and a second's rest, the summed PSS of the
  master and its workers, read from /proc/PID/smaps_rollup. PSS splits each shared
  page among the processes that share it: the workers share the master's preloaded
  pages, so summed RSS counts those pages three times and summed USS (private pages
  only) not at all; summed PSS is what the three occupy. RSS and USS are printed too.

``--against`` serves another checkout of Agora too (``git worktree add --detach DIR
COMMIT``), with this one's virtualenv, in the same alternating runs: a before and
after in one run.

Before the servers, the script times what ``make run`` does first on a new
database: ``forum db upgrade`` and ``forum bootstrap`` (the first admin and the
demo articles). Prints each run and the medians.
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


@dataclass(frozen=True)
class Start:
    cold: float  # seconds to the first answer
    cpu: float  # seconds of CPU the master and the answering worker had used by then
    pss: float  # MB, summed over master and workers
    rss: float
    uss: float


def newcomer_steps(env: dict[str, str]) -> dict[str, float]:
    """Seconds that `forum db upgrade` and `forum bootstrap` take on a new database."""
    times = {}
    for step in (["db", "upgrade"], ["bootstrap"]):
        start = time.monotonic()
        subprocess.run([str(VENV_BIN / "forum"), *step], env=env, cwd=ROOT, check=True, capture_output=True)
        times[" ".join(step)] = time.monotonic() - start
    return times


def one_start(command: list[str], cwd: Path, env: dict[str, str], path: str) -> Start:
    port = free_port()
    access = Path(tempfile.mkdtemp(prefix="agora-startup-")) / "access.log"
    start = time.monotonic()
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-b", f"127.0.0.1:{port}", "--access-logfile", str(access),
         "--access-logformat", "%(p)s", *command], cwd=cwd, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}{path}"
        wait_until_up(url, process)
        cold = time.monotonic() - start
        workers = _children(process.pid)
        cpu = _cpu(process.pid) + max(map(_cpu, workers))
        for _ in range(200):
            urllib.request.urlopen(url, timeout=10).read()
            if set(workers) <= _served(access):
                break
        else:
            raise RuntimeError(f"requests reached only {_served(access)} of {workers}")
        time.sleep(1)
        totals = [_memory(pid) for pid in [process.pid, *workers]]
        return Start(cold, cpu, *(sum(values) / 1024 for values in zip(*totals)))
    finally:
        process.terminate()
        process.wait(timeout=30)


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(child) for child in out.split()]


def _cpu(pid: int) -> float:
    """User and system CPU seconds of ``pid`` so far (/proc/PID/stat, fields 14 and 15)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _served(access: Path) -> set[int]:
    """The worker pids gunicorn's access log names (its format here: the pid alone)."""
    return {int(line.strip("<>\n")) for line in access.read_text().splitlines() if line.strip("<>")}


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
    options = parser.parse_args()
    results = measure(options.ceiling_app, options.runs, options.against)
    report(results)


def measure(ceiling_app: Path, runs: int, against: Path | None = None) -> dict[str, object]:
    workdir = Path(tempfile.mkdtemp(prefix="agora-startup-"))
    env = bench_env(f"sqlite:///{workdir}/bench.sqlite3", WEB_CONCURRENCY="2")
    steps = newcomer_steps(env)
    for step, seconds in steps.items():
        print(f"forum {step}: {seconds:.2f} s")
    thread_id = seed(env, {"50": (50, "ceiling")})["50"]
    agora = ["-c", "python:forum.gunicorn_conf", "forum:create_app()"]
    servers = {
        "ceiling": (["-w", "2", "-k", "gthread", "--threads", "8", "--preload", f"{ceiling_app.stem}:app"],
                    ceiling_app.resolve().parent, env, "/thread/50"),
        "agora": (agora, ROOT, env, f"/threads/{thread_id}"),
    }
    if against is not None:
        servers[against.name] = (agora, against.resolve(), {**env, "PYTHONPATH": str(against.resolve())},
                                 f"/threads/{thread_id}")
    starts: dict[str, list[Start]] = {name: [] for name in servers}
    for number in range(1, runs + 1):
        for name, (command, cwd, server_env, path) in servers.items():
            starts[name].append(one_start(command, cwd, server_env, path))
        print(f"run {number}: " + "; ".join(
            f"{name} cold {s[-1].cold:.2f} s (CPU {s[-1].cpu:.2f} s), PSS {s[-1].pss:.0f} MB (RSS {s[-1].rss:.0f}, "
            f"USS {s[-1].uss:.0f})" for name, s in starts.items()))
    return {"steps": steps, "starts": starts}


def report(results: dict[str, object]) -> None:
    medians = {name: Start(*(statistics.median(getattr(s, field) for s in runs)
                             for field in ("cold", "cpu", "pss", "rss", "uss")))
               for name, runs in results["starts"].items()}
    for name, median in medians.items():
        print(f"{name:>8} (median): cold start {median.cold:.2f} s (CPU {median.cpu:.2f} s); master + 2 workers "
              f"PSS {median.pss:.0f} MB (RSS {median.rss:.0f}, USS {median.uss:.0f})")
    ceiling = medians.pop("ceiling")
    for name, median in medians.items():
        print(f"{name} / ceiling: cold start {median.cold / ceiling.cold:.2f} (CPU {median.cpu / ceiling.cpu:.2f}), "
              f"PSS {median.pss / ceiling.pss:.2f}")


if __name__ == "__main__":
    main()
