"""The API's auth: registering, tokens, the session with CSRF, and the error shape."""

from __future__ import annotations

import hashlib
import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import ApiToken
from tests.http.api_client import ApiClient, error_of
from tests.factories import Factory


@pytest.fixture
def api(client) -> ApiClient:
    return ApiClient(client)


def test_registering_answers_the_new_member(api):
    response = api.post("/users", {"username": "newbie", "email": "newbie@example.org", "password": Factory.PASSWORD})
    assert response.status_code == 201
    assert response.json["username"] == "newbie"
    assert "password" not in response.json and "password_hash" not in response.json


def test_registering_a_taken_name_is_a_conflict(api, member):
    response = api.post("/users", {"username": "MEMBER", "email": "x@example.org", "password": Factory.PASSWORD})
    assert response.status_code == 409
    assert error_of(response)["fields"] == {"username": ["That username is taken."]}


def test_registering_names_every_missing_or_unknown_field(api):
    response = api.post("/users", {"username": "someone", "colour": "blue"})
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"email", "password", "colour"}


def test_registering_breaks_the_account_rules_with_422(api):
    response = api.post("/users", {"username": "no spaces", "email": "x@example.org", "password": Factory.PASSWORD})
    assert response.status_code == 422
    assert "username" in error_of(response)["fields"]


def test_registering_with_a_common_password_says_why_with_422(api):
    response = api.post("/users", {"username": "someone", "email": "x@example.org", "password": "qwertyuiopas"})
    assert response.status_code == 422
    assert error_of(response)["fields"]["password"] == [
        "This password is too easy to guess. This is similar to a commonly used password. "
        "Add another word or two. Uncommon words are better."]


def test_registering_with_an_11_character_password_says_why_with_422(api):
    response = api.post("/users", {"username": "someone", "email": "x@example.org", "password": "Vq8#zL2!pWx"})
    assert response.status_code == 422
    assert "password" in error_of(response)["fields"]


def test_a_body_that_is_not_json_is_a_bad_request(api):
    response = api.post("/users", data="username=x", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert error_of(response)["code"] == "bad_request"


def test_a_token_is_given_for_the_right_password_and_stored_only_as_its_hash(api, member):
    response = api.post("/tokens", {"username": "member", "password": Factory.PASSWORD, "name": "my script"})
    assert response.status_code == 201
    raw = response.json["token"]
    assert response.json["user"]["username"] == "member"
    stored = db.session.scalars(db.select(ApiToken)).one()
    assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert stored.name == "my script"
    assert raw not in {stored.token_hash, stored.name}


def test_a_wrong_password_gets_no_token(api, member):
    response = api.post("/tokens", {"username": "member", "password": "wrong-password"})
    assert response.status_code == 422
    assert error_of(response)["code"] == "invalid"


def test_too_many_wrong_passwords_are_answered_429_with_retry_after(app, api, member):
    limit = int(re.match(r"\d+", app.config["LOGIN_LIMIT_PER_ACCOUNT"]).group())
    for _ in range(limit):
        api.post("/tokens", {"username": "member", "password": "wrong-password"})
    response = api.post("/tokens", {"username": "member", "password": Factory.PASSWORD})
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert error_of(response)["code"] == "rate_limited"


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Bearer agora_revoked"])
def test_an_unknown_token_is_refused_with_401_even_where_none_is_needed(api, header):
    response = api.get("/articles", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert error_of(response)["code"] == "unauthorized"


def test_endpoints_for_members_answer_401_without_a_token(api):
    response = api.get("/users/me")
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"


def test_the_token_identifies_the_member(api, member):
    api.login("member")
    response = api.get("/users/me")
    assert response.status_code == 200
    assert response.json["username"] == "member"
    assert response.json["unread_notifications"] == 0


def test_a_read_with_a_token_records_its_last_use(api, member):
    api.login("member")
    assert db.session.scalar(select(ApiToken.last_used_at)) is None
    assert api.get("/users/me").status_code == 200
    assert db.session.scalar(select(ApiToken.last_used_at)) is not None


def test_a_member_changes_notification_settings(api, member):
    api.login("member")
    response = api.patch("/users/me", {"email_notifications": True, "follow_replied_threads": False})
    assert response.status_code == 200
    assert response.json["email_notifications"] is True
    assert response.json["follow_replied_threads"] is False
    assert response.json["follow_own_threads"] is True


def test_revoking_the_current_token_ends_it(api, member):
    api.login("member")
    assert api.delete("/tokens/current").status_code == 204
    assert api.get("/users/me").status_code == 401


def test_a_public_profile_shows_no_email(api, member):
    response = api.get("/users/member")
    assert response.status_code == 200
    assert "email" not in response.json
    assert api.get("/users/nobody-here").status_code == 404


def test_unknown_paths_and_methods_answer_json_errors(api):
    assert error_of(api.get("/nothing-here"))["code"] == "page_not_found"
    response = api.delete("/articles")
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


def test_the_openapi_document_lists_every_route(app, api):
    document = api.get("/openapi.json").json
    assert document["openapi"] == "3.1.0"
    documented = {(path, method.upper()) for path, item in document["paths"].items()
                  for method in item if method != "parameters"}
    served = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api.") and rule.endpoint != "api.openapi":
            path = re.sub(r"<(?:[^:>]+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
            served |= {(path, method) for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert documented == served


class TestSessionAuthentication:
    """The browser session works too, and then a CSRF token is required for writes."""

    @pytest.fixture
    def client(self, csrf_app):
        return csrf_app.test_client()

    def _log_in(self, client) -> str:
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post("/login", data={"identifier": "member", "password": Factory.PASSWORD,
                                               "csrf_token": token})
        assert response.status_code == 302
        # Logging in starts a new session, and with it a new CSRF token.
        page = client.get("/settings").get_data(as_text=True)
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    def test_reads_need_no_csrf_token(self, client, member):
        self._log_in(client)
        assert ApiClient(client).get("/users/me").json["username"] == "member"

    def test_writes_without_the_csrf_token_are_refused(self, client, member):
        self._log_in(client)
        response = ApiClient(client).patch("/users/me", {"email_notifications": True})
        assert response.status_code == 400
        assert error_of(response)["code"] == "csrf_failed"

    def test_writes_with_the_csrf_header_pass(self, client, member):
        token = self._log_in(client)
        response = ApiClient(client).patch("/users/me", {"email_notifications": True},
                                           headers={"X-CSRFToken": token})
        assert response.status_code == 200

    def test_bearer_clients_need_no_csrf_token(self, client, member):
        response = ApiClient(client).login("member").patch("/users/me", {"email_notifications": True})
        assert response.status_code == 200
