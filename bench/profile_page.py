"""Where a thread page's time goes: pyinstrument over many requests, or py-spy on gunicorn under wrk.

    .venv/bin/python bench/profile_page.py [--reader member|visitor] [--posts 50] [--requests 300]
    .venv/bin/python bench/profile_page.py --under-load [--reader member] [--seconds 15]

The first form renders the page in process with Flask's test client and prints
pyinstrument's call tree. The second serves it with ``gunicorn -w 2`` sync
workers, loads it with ``wrk -t2 -c16`` and samples both workers with py-spy
(needs ptrace), printing the functions that hold the most samples.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from harness import PASSWORD, READER, ROOT, VENV_BIN, bench_env, gunicorn, member_cookie, migrate, seed, wrk


def in_process(env: dict[str, str], thread_id: int, options: argparse.Namespace) -> None:
    from pyinstrument import Profiler

    sys.path.insert(0, str(ROOT))
    from forum import create_app

    app = create_app("production", {"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"], "SECRET_KEY": env["FORUM_SECRET_KEY"],
                                    "SESSION_COOKIE_SECURE": False, "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    if options.reader == "member":
        client.post("/login", data={"identifier": READER, "password": PASSWORD})
    url = f"/threads/{thread_id}"
    for _ in range(20):
        assert client.get(url).status_code == 200
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(options.requests):
        client.get(url)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def under_load(env: dict[str, str], thread_id: int, options: argparse.Namespace) -> None:
    with gunicorn("forum:create_app()", env, ROOT, "-w", "2", "-k", "sync") as base:
        cookie = member_cookie(base) if options.reader == "member" else None
        workers = subprocess.run(["pgrep", "-f", f"gunicorn -b {base.removeprefix('http://')}"],
                                 capture_output=True, text=True).stdout.split()
        load = threading.Thread(target=wrk, args=(f"{base}/threads/{thread_id}",),
                                kwargs={"seconds": options.seconds + 4, "cookie": cookie, "warmup": 0})
        load.start()
        for pid in workers[1:]:
            subprocess.Popen([str(VENV_BIN / "py-spy"), "record", "--pid", pid, "--duration", str(options.seconds),
                              "--format", "raw", "--output", f"{tempfile.gettempdir()}/agora-spy-{pid}.txt",
                              "--nonblocking"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).wait()
        load.join()
    summarize([Path(f"{tempfile.gettempdir()}/agora-spy-{pid}.txt") for pid in workers[1:]])


def summarize(files: list[Path], top: int = 30) -> None:
    """Self and total samples per function over py-spy's raw (collapsed) stacks."""
    own: dict[str, int] = {}
    total: dict[str, int] = {}
    samples = 0
    for path in files:
        for line in path.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            frames = stack.split(";")
            samples += int(count)
            own[frames[-1]] = own.get(frames[-1], 0) + int(count)
            for frame in set(frames):
                total[frame] = total.get(frame, 0) + int(count)
    print(f"{samples} samples; by total (inclusive) share:")
    for frame, count in sorted(total.items(), key=lambda item: -item[1])[:top]:
        print(f"  {100 * count / samples:5.1f} %  {frame}")
    print("by own share:")
    for frame, count in sorted(own.items(), key=lambda item: -item[1])[:top]:
        print(f"  {100 * count / samples:5.1f} %  {frame}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reader", choices=("member", "visitor"), default="member")
    parser.add_argument("--posts", type=int, default=50)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--under-load", action="store_true")
    parser.add_argument("--seconds", type=int, default=15)
    options = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="agora-profile-"))
    env = bench_env(f"sqlite:///{workdir}/bench.sqlite3")
    migrate(env)
    thread_id = seed(env, {"page": (options.posts, "ceiling" if options.posts <= 50 else "answers")})["page"]
    (under_load if options.under_load else in_process)(env, thread_id, options)


if __name__ == "__main__":
    main()
