"""Redis stopped under a running gunicorn: logins, tokens and rate-limited posts still answer, never 500."""

from __future__ import annotations

import requests

from tests.factories import Factory


def test_stopping_redis_answers_no_500_and_the_limits_still_hold(seeded, gunicorn, redis):
    """Settings: FORUM_LOGIN_LIMIT_PER_ACCOUNT="3 per 15 minutes", FORUM_NEW_ACCOUNT_POST_INTERVAL_SECONDS=30,
    REDIS_URL at a redis-server of the test's own, 2 workers."""
    make = Factory()
    thread_id = make.thread().id
    make.user("member")
    server = gunicorn(redis_url=redis.url, env={"FORUM_LOGIN_LIMIT_PER_ACCOUNT": "3 per 15 minutes",
                                                "FORUM_NEW_ACCOUNT_POST_INTERVAL_SECONDS": "30"})
    base = server.base
    assert requests.get(f"{base}/healthz", timeout=10).json()["redis"] == "ok"
    redis.stop()

    def take_token(password: str) -> requests.Response:
        return requests.post(f"{base}/api/v1/tokens", json={"username": "member", "password": password}, timeout=30)

    token = take_token(Factory.PASSWORD)
    assert token.status_code == 201
    bearer = {"Authorization": f"Bearer {token.json()['token']}"}

    def answer(body: str) -> int:
        return requests.post(f"{base}/api/v1/threads/{thread_id}/posts", json={"body": body}, headers=bearer,
                             timeout=30).status_code

    assert [answer("First answer"), answer("Second answer")] == [201, 429]
    assert [take_token("wrong").status_code for _ in range(4)] == [422, 422, 422, 429]
    assert requests.get(f"{base}/login", timeout=30).status_code == 200
    health = requests.get(f"{base}/healthz", timeout=30)
    assert (health.status_code, health.json()["status"], health.json()["redis"]) == (200, "degraded", "unreachable")
    output = server.log()
    assert "Traceback" not in output
    assert "Rate-limit storage unreachable" in output
