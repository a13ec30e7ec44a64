"""The API's best answers: featuring answers (moderators only)."""

from __future__ import annotations

import pytest

from forum.services import moderation, votes
from tests.http.api_client import ApiClient, error_of


@pytest.fixture
def answer(make, thread):
    return make.post(thread, author=make.user("alice"), body="Bike lanes calm the traffic.")


def test_moderators_feature_and_unfeature_answers(client, moderator, answer):
    mod = ApiClient(client).login("moderator")
    featured = mod.post(f"/posts/{answer.id}/feature", {"reason": "Clear and kind"})
    assert featured.status_code == 200
    assert featured.json["featured_at"] is not None and featured.json["allowed"]["unfeature"] is True
    again = mod.post(f"/posts/{answer.id}/feature")
    assert again.status_code == 409 and error_of(again)["message"] == "This answer is already featured."
    log = mod.get("/moderation/log", query_string={"action": "feature-post"}).json["items"]
    assert [entry["reason"] for entry in log] == ["Clear and kind"]
    unfeatured = mod.post(f"/posts/{answer.id}/unfeature")
    assert unfeatured.status_code == 200 and unfeatured.json["featured_at"] is None
    assert mod.post(f"/posts/{answer.id}/unfeature").status_code == 409


def test_members_cannot_feature_and_visitors_must_log_in(client, make, answer):
    make.user("bob")
    member = ApiClient(client).login("bob")
    assert member.post(f"/posts/{answer.id}/feature").status_code == 403
    assert member.get(f"/posts/{answer.id}").json["allowed"]["feature"] is False
    assert ApiClient(client).post(f"/posts/{answer.id}/feature").status_code == 401


def test_replies_cannot_be_featured(client, make, moderator, answer):
    reply = make.post(answer.thread, parent=answer, body="Agreed.")
    mod = ApiClient(client).login("moderator")
    refused = mod.post(f"/posts/{reply.id}/feature")
    assert refused.status_code == 403 and "not replies" in error_of(refused)["message"]


def test_the_digest_is_the_json_export_and_obeys_answer_first(client, make, moderator, answer):
    for number in range(2):
        votes.cast_vote(make.user(f"voter{number}"), answer, value=1)
    slug = answer.thread.article.slug
    document = ApiClient(client).get(f"/articles/{slug}/digest").json
    assert document == client.get(f"/articles/{slug}/digest.json").json
    [first, _] = document["questions"]
    assert [entry["id"] for entry in first["answers"]] == [answer.id]
    moderation.require_answers_first(moderator, answer.thread)
    assert ApiClient(client).get(f"/articles/{slug}/digest").json["questions"][0]["answers"] == []
    assert ApiClient(client).get("/articles/no-such-article/digest").status_code == 404
