"""Rate limits without Redis hold exactly across processes: two gunicorn servers, two workers each, one database."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import requests

from tests.factories import Factory
from tests.faults.servers import Gunicorn

ATTEMPTS = 24
LIMIT = 5


def test_failed_logins_sent_at_once_to_two_servers_let_exactly_the_limit_through(seeded, database_uri, tmp_path):
    """Settings: FORUM_LOGIN_LIMIT_PER_ACCOUNT="5 per 15 minutes", gunicorn_conf's default workers, no Redis."""
    Factory().user("member")
    servers = [Gunicorn(database_uri, tmp_path, env={"FORUM_LOGIN_LIMIT_PER_ACCOUNT": f"{LIMIT} per 15 minutes"})
               for _ in range(2)]
    try:
        for server in servers:
            del server.env["WEB_CONCURRENCY"]  # gunicorn_conf's own default
            server.start()

        def attempt(number: int) -> int:
            response = requests.post(f"{servers[number % 2].base}/api/v1/tokens",
                                     json={"username": "member", "password": "wrong"}, timeout=60)
            return response.status_code

        with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
            statuses = sorted(pool.map(attempt, range(ATTEMPTS)))
        workers = [len(server.worker_pids()) for server in servers]
    finally:
        for server in servers:
            server.stop()
    assert statuses == [422] * LIMIT + [429] * (ATTEMPTS - LIMIT)
    assert workers == [2, 2]  # the default without Redis: more than one process per server
