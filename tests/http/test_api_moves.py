"""Moving posts and merging threads through the JSON API, and what the OpenAPI document says of it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Thread
from forum.services import threads
from tests.http.api_client import ApiClient, error_of
from tests.http.test_moderation_access import snapshot as every_row

ROLES = ["visitor", "member", "author", "moderator", "admin"]


@pytest.fixture
def scene(client, make, member, moderator, admin):
    article = make.article("Bike lanes", questions=["Would you ride to work?", "Who should pay?"])
    source, target = db.session.scalars(select(Thread).where(Thread.article_id == article.id).order_by(Thread.id))
    author = make.user("author")
    answer = make.post(source, author=author, body="Drivers should pay for the lanes.")
    reply = make.post(source, parent=answer, author=member, body="They already do.")
    own = threads.start_thread(author, article, title="Who pays for lanes?", body="Asking again.")
    return {"article": article, "source": source, "target": target, "answer": answer, "reply": reply, "own": own}


def snapshot() -> dict[str, list[tuple]]:
    """Every row but the tokens' last use, which any authenticated call notes."""
    return {name: rows for name, rows in every_row().items() if name != "api_tokens"}


def api_as(client, role: str) -> ApiClient:
    api = ApiClient(client)
    return api if role == "visitor" else api.login(role)


@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_and_admins_move_and_merge_through_the_api(role, client, scene):
    api = api_as(client, role)
    before = snapshot()
    moved = api.post(f"/posts/{scene['answer'].id}/move", {"thread_id": scene["target"].id, "reason": "Wrong one"})
    merged = api.post(f"/threads/{scene['own'].id}/merge", {"thread_id": scene["target"].id})
    if role in ("moderator", "admin"):
        assert (moved.status_code, merged.status_code) == (200, 200)
    else:
        expected = 401 if role == "visitor" else 403
        assert (moved.status_code, merged.status_code) == (expected, expected)
        assert snapshot() == before


def test_a_move_answers_the_post_where_it_is_now(client, scene):
    mod = api_as(client, "moderator")
    moved = mod.post(f"/posts/{scene['reply'].id}/move", {"thread_id": scene["target"].id}).json
    assert (moved["id"], moved["thread_id"], moved["parent_id"], moved["depth"]) == (
        scene["reply"].id, scene["target"].id, None, 0)
    target = mod.get(f"/threads/{scene['target'].id}").json
    assert [p["id"] for p in target["posts"]] == [scene["reply"].id]
    assert target["post_count"] == 1
    source = mod.get(f"/threads/{scene['source'].id}").json
    assert source["post_count"] == 1
    assert source["posts"][0]["reply_count"] == 0 and source["posts"][0]["replies"] == []
    assert mod.get(f"/posts/{scene['reply'].id}").json["thread_id"] == scene["target"].id


@pytest.mark.parametrize("state, words", [("locked", "is locked"), ("hidden", "is hidden")])
def test_a_move_into_a_locked_or_hidden_thread_is_a_conflict(state, words, client, scene):
    setattr(scene["target"], state, True)
    db.session.commit()
    mod = api_as(client, "moderator")
    refused = mod.post(f"/posts/{scene['answer'].id}/move", {"thread_id": scene["target"].id})
    assert refused.status_code == 409
    error = error_of(refused)
    assert words in error["message"] and error["fields"] == {"thread_id": [error["message"]]}


def test_a_move_across_articles_or_into_nothing_is_refused(client, scene, make):
    mod = api_as(client, "moderator")
    elsewhere = make.thread(make.article("Another story"))
    across = mod.post(f"/posts/{scene['answer'].id}/move", {"thread_id": elsewhere.id})
    assert across.status_code == 409 and "same article" in error_of(across)["message"]
    nowhere = mod.post(f"/posts/{scene['answer'].id}/move", {"thread_id": 987654})
    assert nowhere.status_code == 422 and error_of(nowhere)["fields"] == {"thread_id": ["There is no thread with this id."]}
    as_text = mod.post(f"/posts/{scene['answer'].id}/move", {"thread_id": str(scene["target"].id)})
    assert as_text.status_code == 422


def test_a_merged_thread_redirects_to_its_target(client, scene):
    mod = api_as(client, "moderator")
    merged = mod.post(f"/threads/{scene['own'].id}/merge", {"thread_id": scene["target"].id, "reason": "Same"})
    assert merged.json["id"] == scene["target"].id and merged.json["post_count"] == 1
    visitor = ApiClient(client)
    response = visitor.get(f"/threads/{scene['own'].id}?sort=new")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/api/v1/threads/{scene['target'].id}?sort=new")
    assert [p["author"] for p in visitor.get(f"/threads/{scene['target'].id}").json["posts"]] == ["author"]
    again = mod.post(f"/threads/{scene['own'].id}/merge", {"thread_id": scene["source"].id})
    assert again.status_code == 409


def test_the_openapi_document_describes_move_and_merge(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    move, merge = paths["/posts/{post_id}/move"]["post"], paths["/threads/{thread_id}/merge"]["post"]
    for operation in (move, merge):
        assert {"200", "401", "403", "404", "409", "422"} <= set(operation["responses"])
        body = operation["requestBody"]["content"]["application/json"]["schema"]
        assert body["$ref"].endswith("/MoveInput")
    assert move["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/Post")
    assert "301" in paths["/threads/{thread_id}"]["get"]["responses"]
