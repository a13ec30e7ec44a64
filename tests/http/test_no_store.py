"""Pages and answers that show account secrets are never stored by a browser or a proxy."""

from __future__ import annotations

from tests.factories import Factory


def no_store(response) -> bool:
    return "no-store" in response.headers.get("Cache-Control", "")


def test_the_settings_page_is_not_stored(client, auth, member):
    auth.login(member)
    response = client.get("/settings")
    assert response.status_code == 200 and no_store(response)


def test_the_page_showing_a_new_token_is_not_stored(client, auth, member):
    auth.login(member)
    response = client.post("/settings/tokens", data={"name": "script"})
    assert response.status_code == 200 and "agora_" in response.get_data(as_text=True)
    assert no_store(response)


def test_the_api_answer_with_a_new_token_is_not_stored(client, member):
    response = client.post("/api/v1/tokens", json={"username": "member", "password": Factory.PASSWORD})
    assert response.status_code == 201 and no_store(response)


def test_public_pages_may_still_be_cached(client):
    assert not no_store(client.get("/"))
