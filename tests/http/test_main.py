"""Health, error pages and the headers every response carries."""

from __future__ import annotations

import re

from forum import create_app

import pytest

from tests.factories import Factory


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok" and response.get_json()["database"] == "ok"


def test_every_response_carries_security_headers(client):
    response = client.get("/login")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_cookies_are_httponly_and_samesite(client, member):
    response = client.post("/login", data={"identifier": "member", "password": Factory.PASSWORD, "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies and all("HttpOnly" in c and "SameSite=Lax" in c for c in cookies)


def test_unknown_page_is_a_404_in_the_layout(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_server_errors_roll_back_and_show_the_500_page(app, client):
    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    response = client.get("/boom")
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)
    assert "kaboom" not in response.get_data(as_text=True)


def test_production_cookies_are_secure(monkeypatch):
    monkeypatch.setenv("FORUM_SECRET_KEY", "x" * 40)
    app = create_app("production", {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    with app.app_context():
        app.extensions["sqlalchemy"].engine.dispose()


def test_prefixed_environment_overrides_single_keys(monkeypatch, tmp_path):
    monkeypatch.setenv("FORUM_POSTS_PER_PAGE", "7")
    monkeypatch.setenv("DATABASE_URL", "postgres://user@db.example/forum")
    app = create_app("development", instance_path=str(tmp_path))
    assert app.config["POSTS_PER_PAGE"] == 7
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://user@db.example/forum"


@pytest.mark.parametrize("path", ["/threads/99999999999999999999", "/posts/9223372036854775808",
                                  "/threads/0", "/posts/-1"])
def test_ids_past_any_row_are_404_not_500(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("page", ["99999999999999999999", "-3", "x", "1e9"])
def test_any_page_number_answers_200(client, page):
    assert client.get(f"/?page={page}").status_code == 200


@pytest.mark.parametrize(("method", "path", "kwargs"), [
    ("get", "/mod/log?action=%00", {}),
    ("get", "/u/a%00b", {}),
    ("post", "/login", {"data": {"identifier": "a\x00", "password": "x"}}),
    ("post", "/api/v1/tokens", {"json": {"username": "a\x00", "password": "x"}}),
])
def test_text_with_nul_characters_is_a_400(client, method, path, kwargs):
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == 400
    assert "Text cannot contain NUL characters." in response.get_data(as_text=True)


def test_the_api_document_refuses_nul_anywhere_in_a_json_body_as_the_server_does(client):
    """NUL in a key, or in a member the API ignores, is refused (400) like NUL in a field, so the document
    says so of every object: its keys, and whatever it carries beyond its properties, down to any depth."""
    for extra in ({"n\x00": 1}, {"ignored": {"k\x00": 1}}, {"ignored": [{"k": "v\x00"}]}):
        body = {"username": "a", "password": "x", **extra}
        assert client.post("/api/v1/tokens", json=body).status_code == 400, extra
    document = client.get("/api/v1/openapi.json").json
    schemas = document["components"]["schemas"]
    anything = schemas.pop("JsonWithoutNul")
    recursion = {"$ref": "#/components/schemas/JsonWithoutNul"}
    assert anything["items"] == anything["additionalProperties"] == recursion
    for pattern in (anything["pattern"], anything["propertyNames"]["pattern"]):
        assert re.search(pattern, "body") and not re.search(pattern, "bo\x00dy")
    objects, pending = [], [schemas]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            if "properties" in node:
                objects.append(node)
            pending += node.values()
        elif isinstance(node, list):
            pending += node
    assert len(objects) > 10
    for schema in objects:
        assert schema["propertyNames"] == {"pattern": anything["pattern"]}
        assert schema["additionalProperties"] in (recursion, False)


def test_healthz_answers_before_the_instance_folder_exists(app, client, tmp_path):
    """A PostgreSQL deployment may never make instance/: the disk check reads the nearest folder that exists."""
    app.instance_path = str(tmp_path / "not" / "made" / "yet")

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json["disk"] == "ok"
