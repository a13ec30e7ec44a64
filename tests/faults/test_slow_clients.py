"""Fifty slow clients trickling their headers: gunicorn alone starves, behind deploy/'s nginx others are answered."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from tests.faults.servers import free_port, wait_until

pytestmark = pytest.mark.nginx

SITE = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "agora.conf"
SLOW_CLIENTS = 50
PROBES = 8
PROBE_TIMEOUT = 5.0  # seconds: a probe answered later than this counts as starved


@contextmanager
def trickling(port: int) -> Iterator[None]:
    """SLOW_CLIENTS connections to ``port`` sending one byte of their headers a second, never finishing."""
    clients = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(SLOW_CLIENTS)]
    stop = threading.Event()

    def trickle() -> None:
        header = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100
        for index in range(len(header)):
            for client in clients:
                try:
                    client.send(header[index:index + 1])
                except OSError:
                    continue  # the server gave up on this one: that is what a timeout is for
            if stop.wait(1.0):
                return

    sender = threading.Thread(target=trickle, daemon=True)
    sender.start()
    time.sleep(1.5)  # every slow client has sent its first bytes and holds its place
    try:
        yield
    finally:
        stop.set()
        sender.join(10)
        for client in clients:
            client.close()


def answered(url: str, probes: int = PROBES) -> int:
    """How many of ``probes`` requests, sent one after another, were answered 200 within PROBE_TIMEOUT."""
    count = 0
    for _ in range(probes):
        try:
            count += requests.get(url, timeout=PROBE_TIMEOUT).status_code == 200
        except requests.RequestException:
            continue
    return count


@pytest.fixture
def nginx(tmp_path) -> Iterator[callable]:
    """``nginx(listen_port, upstream_ports)`` runs deploy/nginx/agora.conf with only its addresses changed."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    processes: list[subprocess.Popen] = []

    def start(port: int, upstreams: list[int]) -> str:
        site = SITE.read_text()
        site = re.sub(r"listen \[::\]:80;\n", "", site)
        site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
        servers = "".join(f"    server 127.0.0.1:{up} max_fails=3 fail_timeout=10s;\n" for up in upstreams)
        site = re.sub(r"(    server 127\.0\.0\.1:800\d .*;\n)+", servers, site)
        (tmp_path / "agora.conf").write_text(site)
        (tmp_path / "nginx.conf").write_text(f"""
daemon off;
worker_processes 1;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    include {tmp_path}/agora.conf;
}}
""")
        process = subprocess.Popen([binary, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        processes.append(process)
        url = f"http://127.0.0.1:{port}"
        wait_until(lambda: _up(url, process), 20, f"nginx on port {port}")
        return url

    yield start
    for process in processes:
        process.terminate()
        process.wait(10)
        process.stderr.close()


def _up(url: str, process: subprocess.Popen) -> bool:
    if process.poll() is not None:
        raise AssertionError(f"nginx exited: {process.stderr.read().decode()}")
    try:
        return requests.get(url + "/healthz", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def test_fifty_slow_clients_starve_gunicorn_alone_but_not_agora_behind_nginx(seeded, gunicorn, nginx):
    servers = [gunicorn(workers=1), gunicorn(workers=1)]
    front = nginx(free_port(), [server.port for server in servers])
    with trickling(servers[0].port):
        assert answered(servers[0].base + "/healthz", probes=2) == 0  # the slow clients hold every thread
    with trickling(int(front.rsplit(":", 1)[1])):
        assert answered(front + "/") == PROBES  # through nginx: they wait there, not in gunicorn
