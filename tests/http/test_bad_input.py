"""Hostile input answers a 4xx page or a safe default, never a 500, and is refused before anything is written."""

from __future__ import annotations

import pytest

from forum.models import Thread, User
from forum.views.helpers import safe_next
from tests.factories import Factory

OVER_THE_CAP = 4_000_001  # MAX_CONTENT_LENGTH is 4,000,000 bytes


@pytest.mark.parametrize("logged_in", [False, True], ids=["visitor", "member"])
def test_a_form_post_over_the_body_cap_answers_the_413_page(client, auth, member, thread, logged_in):
    if logged_in:
        auth.login(member)
    response = client.post(f"/threads/{thread.id}/posts", data={"body": "x" * OVER_THE_CAP})
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "Too large" in html
    assert ("Log out" in html) == logged_in


def test_an_api_post_over_the_body_cap_answers_413_json(client, thread):
    response = client.post("/api/v1/users", data=b"{" + b" " * OVER_THE_CAP + b"}",
                           content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [1_000, 100_000])
@pytest.mark.parametrize("path", ["/api/v1/users", "/api/v1/tokens", "/login"])
def test_deeply_nested_json_is_a_400_without_logging_in(client, path, depth):
    response = client.post(path, data=f'{{"username": {nested(depth)}}}', content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.get_data(as_text=True)


def test_deeply_nested_json_writes_nothing(client, app):
    body = f'{{"username": "newbie", "email": "newbie@example.org", "password": "x", "extra": {nested(1_000)}}}'
    assert client.post("/api/v1/users", data=body, content_type="application/json").status_code == 400
    assert app.extensions["sqlalchemy"].session.query(User).count() == 0


def test_brackets_inside_json_strings_are_text_not_nesting(client, member):
    name = '[{\\"' * 200
    response = client.post("/api/v1/tokens", json={"username": "member", "password": Factory.PASSWORD,
                                                  "name": name[:100]})
    assert response.status_code == 201
    assert response.get_json()["name"] == name[:100]


def test_shallow_json_still_reaches_the_api(client, member):
    response = client.post("/api/v1/tokens", json={"username": "member", "password": Factory.PASSWORD,
                                                  "name": {"nested": ["a", {"b": 1}]}})
    assert response.status_code == 422
    assert "name" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("target", ["/threads/1\r\nSet-Cookie: planted=1", "/threads/1\nX: y", "/\r", "/a\tb",
                                    "/threads/1\x7f"])
def test_next_with_control_characters_falls_back_to_the_safe_default(target):
    assert safe_next(target, "/fallback") == "/fallback"


def test_a_moderator_action_with_cr_lf_in_next_goes_to_the_thread(client, auth, moderator, thread, app):
    auth.login(moderator)
    response = client.post(f"/threads/{thread.id}/lock", data={"lock-next": "/mod/log\r\nSet-Cookie: planted=1"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/threads/{thread.id}")
    assert "planted" not in " ".join(response.headers.getlist("Set-Cookie"))
    assert app.extensions["sqlalchemy"].session.get(Thread, thread.id).locked


def test_login_with_cr_lf_in_next_goes_to_the_front_page(client, member):
    response = client.post("/login?next=/settings%0D%0ASet-Cookie:%20planted=1",
                           data={"identifier": "member", "password": Factory.PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("body", ['1', '"s"', '[]', '{"identifier": 1, "password": {"a": 1}, "username": true}'])
@pytest.mark.parametrize("path", ["/login", "/register", "/password/reset"])
def test_a_json_body_sent_to_an_html_form_is_an_empty_form_not_a_500(client, path, body):
    response = client.post(path, data=body, content_type="application/json")
    assert response.status_code < 500
    assert User.query.count() == 0
