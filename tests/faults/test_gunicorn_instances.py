"""Several gunicorn servers on one machine do not share a control socket."""

from __future__ import annotations

import time

import requests

SOCKET_WAIT_SECONDS = 15  # the arbiter opens its control socket after the workers answer


def test_two_servers_on_one_machine_leave_no_shared_control_socket(seeded, gunicorn, tmp_path):
    first, second = gunicorn(workers=1), gunicorn(workers=1)
    assert requests.get(first.base + "/healthz", timeout=10).status_code == 200
    assert requests.get(second.base + "/healthz", timeout=10).status_code == 200
    assert not (tmp_path / ".gunicorn").exists()  # gunicorn's default: $HOME/.gunicorn/gunicorn.ctl for all


def test_each_server_can_have_a_control_socket_of_its_own(seeded, gunicorn, tmp_path):
    sockets = [tmp_path / "web1.ctl", tmp_path / "web2.ctl"]
    for path in sockets:
        gunicorn(workers=1, env={"CONTROL_SOCKET": str(path)})
    deadline = time.monotonic() + SOCKET_WAIT_SECONDS
    while not all(path.is_socket() for path in sockets) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(path.is_socket() for path in sockets)
    assert not (tmp_path / ".gunicorn").exists()
