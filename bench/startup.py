"""Idle memory of gunicorn's master and two workers, and cold start to the first answer (issue 12 goal 7).

    .venv/bin/python bench/startup.py [--runs 5]

Serves Agora with ``gunicorn -w 2 -k sync`` on a fresh SQLite database (production
settings), as the peers were measured. Cold start: from starting the command to the
first answered request of the front page (polled every 10 ms). Memory: the summed
RSS of the master and both workers after a request has reached each worker (two
requests of a thread page per worker, then a second's rest), as DESIGN §11 defines it.
Each run starts from scratch; the medians are printed.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from harness import ROOT, VENV_BIN, bench_env, free_port, migrate, seed, wait_until_up


def one_run(env: dict[str, str], thread_id: int) -> tuple[float, float]:
    port = free_port()
    start = time.monotonic()
    with open(Path(tempfile.gettempdir()) / f"agora-startup-{port}.log", "wb") as log:
        process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-w", "2", "-k", "sync", "-b", f"127.0.0.1:{port}",
             "--access-logfile", "/dev/null", "forum:create_app()"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", process)
        cold = time.monotonic() - start
        for _ in range(8):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/threads/{thread_id}", timeout=10).read()
        time.sleep(1)
        pids = [str(process.pid)] + subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True,
                                                   text=True).stdout.split()
        rss = subprocess.run(["ps", "-o", "rss=", "-p", ",".join(pids)], capture_output=True, text=True).stdout
        memory = sum(int(kb) for kb in rss.split()) / 1024
        print(f"cold start {cold:.2f} s; master + {len(pids) - 1} workers: {memory:.1f} MB")
        return cold, memory
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="agora-startup-"))
    env = bench_env(f"sqlite:///{workdir}/bench.sqlite3")
    migrate(env)
    thread_id = seed(env, {"50": (50, "ceiling")})["50"]
    runs = [one_run(env, thread_id) for _ in range(options.runs)]
    print(f"median of {options.runs}: cold start {statistics.median(r[0] for r in runs):.2f} s, "
          f"memory {statistics.median(r[1] for r in runs):.1f} MB")


if __name__ == "__main__":
    main()
