"""The API's articles as a moderator publishes them: copies and articles without questions wait for "confirm"."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.http.api_client import ApiClient, error_of

SEED = Path(__file__).parents[1] / "fixtures" / "article-seed-shape.txt"


@pytest.fixture
def mod(client, moderator) -> ApiClient:
    return ApiClient(client).login(moderator.username)


def test_a_preview_of_a_published_article_names_it_and_publishing_again_needs_confirm(mod):
    first = mod.post("/article-previews", {"text": SEED.read_text()}).json
    assert first["already_published"] is None
    slug = mod.post("/articles", first).json["slug"]

    again = mod.post("/article-previews", {"text": SEED.read_text()}).json
    assert again["already_published"]["slug"] == slug
    refused = mod.post("/articles", again)
    assert refused.status_code == 409
    error = error_of(refused)
    assert error["code"] == "unconfirmed"
    assert error["message"].startswith(f"Already published as “{first['title']}” (/articles/{slug}).")
    assert mod.post("/articles", {**again, "confirm": True}).json["slug"] == f"{slug}-2"


def test_publishing_without_questions_needs_confirm(mod):
    article = {"title": "Notes", "body": "Only notes.", "questions": []}
    refused = mod.post("/articles", article)
    assert refused.status_code == 409
    assert "no questions" in error_of(refused)["message"]
    assert mod.post("/articles", {**article, "confirm": True}).status_code == 201


def test_the_openapi_document_describes_confirm_and_the_409(client):
    spec = client.get("/api/v1/openapi.json").json
    publish = spec["paths"]["/articles"]["post"]
    assert "409" in publish["responses"]
    body = publish["requestBody"]["content"]["application/json"]["schema"]
    schema = spec["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]] if "$ref" in body else body
    assert schema["properties"]["confirm"]["type"] == "boolean"
