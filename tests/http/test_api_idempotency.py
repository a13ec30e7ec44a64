"""Idempotency-Key on the API's creating operations: a retry gets the first answer, not a second resource."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Post
from tests.http.api_client import ApiClient, error_of


@pytest.fixture
def alice(client, make) -> ApiClient:
    make.user("alice")
    return ApiClient(client).login("alice")


@pytest.fixture
def thread_id(make) -> int:
    return make.thread().id


def post_count() -> int:
    return db.session.scalar(select(func.count(Post.id)))


def test_a_retried_post_with_the_same_key_gets_the_first_answer(alice, thread_id):
    key = {"Idempotency-Key": "7d0b3c9e-retry-1"}
    first = alice.post(f"/threads/{thread_id}/posts", {"body": "Saved, but the answer got lost."}, headers=key)
    again = alice.post(f"/threads/{thread_id}/posts", {"body": "Saved, but the answer got lost."}, headers=dict(key))
    assert first.status_code == again.status_code == 201
    assert again.json == first.json
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert post_count() == 1


def test_a_key_reused_for_another_request_is_refused(alice, thread_id):
    key = {"Idempotency-Key": "one-key"}
    assert alice.post(f"/threads/{thread_id}/posts", {"body": "First."}, headers=key).status_code == 201
    reused = alice.post(f"/threads/{thread_id}/posts", {"body": "Something else."}, headers=dict(key))
    assert reused.status_code == 422
    assert "different request" in error_of(reused)["message"]
    assert post_count() == 1


def test_keys_belong_to_one_member(alice, client, make, thread_id):
    make.user("bob")
    bob = ApiClient(client).login("bob")
    key = {"Idempotency-Key": "shared-by-chance"}
    assert alice.post(f"/threads/{thread_id}/posts", {"body": "Alice's."}, headers=key).status_code == 201
    answer = bob.post(f"/threads/{thread_id}/posts", {"body": "Bob's."}, headers=dict(key))
    assert answer.status_code == 201 and answer.json["body"] == "Bob's."
    assert post_count() == 2


def test_a_refused_request_is_not_remembered(alice, thread_id, make):
    key = {"Idempotency-Key": "try-again-later"}
    assert alice.post(f"/threads/{thread_id}/posts", {"body": "   "}, headers=key).status_code == 422
    assert alice.post(f"/threads/{thread_id}/posts", {"body": "Now with words."}, headers=dict(key)).status_code == 201


@pytest.mark.parametrize("key", ["", "x" * 256, "bad\u00e9key"])
def test_a_malformed_key_is_a_bad_request(alice, thread_id, key):
    answer = alice.post(f"/threads/{thread_id}/posts", {"body": "Hello."}, headers={"Idempotency-Key": key})
    assert answer.status_code == 400
    assert "Idempotency-Key" in error_of(answer)["message"]
    assert post_count() == 0


def test_the_creating_operations_document_the_header(client):
    spec = client.get("/api/v1/openapi.json").json
    creating = {(path, method) for path, item in spec["paths"].items() for method, op in item.items()
                if method == "post" and "201" in op["responses"] and op.get("security") == [{"bearerAuth": []}]}
    assert ("/threads/{thread_id}/posts", "post") in creating and ("/articles", "post") in creating
    for path, method in creating:
        operation = spec["paths"][path][method]
        assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in operation["parameters"])
        assert {"409", "422"} <= set(operation["responses"])
