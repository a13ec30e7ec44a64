"""The API's member flow: read an article's hub, answer, reply, vote, report, edit, delete; and each refusal."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from forum.extensions import db
from forum.models import Thread
from tests.http.api_client import ApiClient, error_of, serve
from tests.factories import Factory

SEED = Path(__file__).parents[1] / "fixtures" / "article-seed-shape.txt"


@pytest.fixture
def api(client) -> ApiClient:
    return ApiClient(client)


@pytest.fixture
def hub_slug(client, moderator) -> str:
    """The seed article, imported and published through the API by a moderator."""
    mod = ApiClient(client).login("moderator")
    preview = mod.post("/article-previews", {"text": SEED.read_text()})
    assert preview.status_code == 200
    assert len(preview.json["questions"]) == 3
    assert preview.json["reasons"] == [
        "in the list after 'The debate in Harbour Point raises questions that reach well beyond one library:'"
    ] * 3
    assert preview.json["summary"].startswith("When the Harbour Point public library set aside")
    published = mod.post("/articles", preview.json)
    assert published.status_code == 201
    return published.json["slug"]


def _member(client, name: str) -> ApiClient:
    api = ApiClient(client)
    created = api.post("/users", {"username": name, "email": f"{name}@example.org", "password": Factory.PASSWORD})
    assert created.status_code == 201
    return api.login(name)


def test_a_member_reads_answers_replies_votes_and_reports(client, hub_slug):
    alice, bob = _member(client, "alice"), _member(client, "bob")
    hub = alice.get(f"/articles/{hub_slug}").json
    assert [q["position"] for q in hub["questions"]] == [1, 2, 3]
    thread_id = hub["questions"][0]["thread_id"]

    answer = alice.post(f"/threads/{thread_id}/posts", {"body": "Libraries should lend *tools*."})
    assert answer.status_code == 201
    assert answer.json["body_html"] == "<p>Libraries should lend <em>tools</em>.</p>\n"
    reply = bob.post(f"/threads/{thread_id}/posts", {"body": "Who pays for repairs?", "parent_id": answer.json["id"]})
    assert reply.status_code == 201 and reply.json["depth"] == 1

    vote = bob.put(f"/posts/{answer.json['id']}/vote", {"value": 1})
    assert vote.json == {"score": 1, "upvotes": 1, "downvotes": 0, "my_vote": 1}
    assert bob.put(f"/posts/{answer.json['id']}/vote", {"value": 0}).json["my_vote"] == 0
    assert bob.put(f"/posts/{answer.json['id']}/vote", {"value": -1}).json["score"] == -1

    report = alice.post(f"/posts/{reply.json['id']}/reports", {"reason": "off-topic"})
    assert report.status_code == 201 and report.json["status"] == "open"

    thread = bob.get(f"/threads/{thread_id}").json
    assert thread["post_count"] == 2 and thread["following"] is True
    [top] = thread["posts"]
    assert top["my_vote"] == -1
    assert [r["id"] for r in top["replies"]] == [reply.json["id"]]


def test_a_member_edits_and_deletes_their_post(client, hub_slug):
    alice = _member(client, "alice")
    thread_id = alice.get(f"/articles/{hub_slug}").json["threads"][0]["id"]
    post_id = alice.post(f"/threads/{thread_id}/posts", {"body": "First thoughts."}).json["id"]
    edited = alice.patch(f"/posts/{post_id}", {"body": "Second thoughts."})
    assert edited.status_code == 200 and edited.json["edited_at"] is not None
    assert alice.delete(f"/posts/{post_id}").status_code == 204
    post = alice.get(f"/posts/{post_id}")
    assert post.status_code == 200
    assert post.json["state"] == "deleted" and post.json["body"] is None


def test_a_member_starts_a_thread_of_their_own(client, hub_slug):
    alice = _member(client, "alice")
    response = alice.post(f"/articles/{hub_slug}/threads", {"title": "What about gardens?", "body": "Seeds too?"})
    assert response.status_code == 201
    assert response.json["title"] == "What about gardens?"
    # The details stand with the question, as the thread's body: never one of its answers.
    assert response.json["opening_post"]["body"] == "Seeds too?" and response.json["posts"] == []
    assert response.json["opening_post"]["allowed"]["edit"] is True
    answer = alice.post(f"/threads/{response.json['id']}/posts", {"body": "Bulbs."}).json
    reply = alice.post(f"/threads/{response.json['id']}/posts",
                       {"body": "Which seeds?", "parent_id": response.json["opening_post"]["id"]}).json
    thread = alice.get(f"/threads/{response.json['id']}").json
    assert [p["id"] for p in thread["posts"]] == [answer["id"]]
    assert [r["id"] for r in thread["opening_post"]["replies"]] == [reply["id"]]
    hub = alice.get(f"/articles/{hub_slug}").json
    assert alice.get(f"/threads/{hub['questions'][0]['thread_id']}").json["opening_post"] is None


def test_threads_sort_and_page(client, hub_slug):
    alice = _member(client, "alice")
    thread_id = alice.get(f"/articles/{hub_slug}").json["threads"][0]["id"]
    alice.post(f"/threads/{thread_id}/posts", {"body": "One."})
    response = alice.get(f"/threads/{thread_id}?sort=new&page=1")
    assert response.json["sort"] == "new" and response.json["pages"] == 1
    assert error_of(alice.get(f"/threads/{thread_id}?sort=sideways"))["fields"].keys() == {"sort"}


class TestRefusals:
    @pytest.fixture
    def setting(self, client, hub_slug):
        alice = _member(client, "alice")
        thread_id = alice.get(f"/articles/{hub_slug}").json["threads"][0]["id"]
        post_id = alice.post(f"/threads/{thread_id}/posts", {"body": "Mine."}).json["id"]
        return alice, thread_id, post_id

    def test_anonymous_writes_get_401(self, api, setting):
        _alice, thread_id, post_id = setting
        assert api.post(f"/threads/{thread_id}/posts", {"body": "Hi"}).status_code == 401
        assert api.put(f"/posts/{post_id}/vote", {"value": 1}).status_code == 401
        assert api.post(f"/posts/{post_id}/reports", {"reason": "spam"}).status_code == 401

    def test_voting_on_ones_own_post_is_forbidden(self, setting):
        alice, _thread_id, post_id = setting
        response = alice.put(f"/posts/{post_id}/vote", {"value": 1})
        assert response.status_code == 403
        assert error_of(response) == {"code": "forbidden", "message": "You cannot vote on your own posts.",
                                      "fields": {}}

    def test_a_vote_of_two_is_invalid(self, client, setting):
        _alice, _thread_id, post_id = setting
        response = _member(client, "bob").put(f"/posts/{post_id}/vote", {"value": 2})
        assert response.status_code == 422
        assert list(error_of(response)["fields"]) == ["value"]

    def test_reporting_twice_is_a_conflict(self, client, setting):
        _alice, _thread_id, post_id = setting
        bob = _member(client, "bob")
        assert bob.post(f"/posts/{post_id}/reports", {"reason": "spam"}).status_code == 201
        response = bob.post(f"/posts/{post_id}/reports", {"reason": "spam"})
        assert response.status_code == 409
        assert error_of(response)["code"] == "conflict"

    def test_editing_another_members_post_is_forbidden(self, client, setting):
        _alice, _thread_id, post_id = setting
        bob = _member(client, "bob")
        assert bob.patch(f"/posts/{post_id}", {"body": "Hijacked"}).status_code == 403
        assert bob.delete(f"/posts/{post_id}").status_code == 403

    def test_posting_in_a_locked_thread_is_forbidden(self, setting):
        alice, thread_id, _post_id = setting
        db.session.get(Thread, thread_id).locked = True
        db.session.commit()
        response = alice.post(f"/threads/{thread_id}/posts", {"body": "Still here?"})
        assert response.status_code == 403
        assert error_of(response)["message"] == "This thread is locked."

    def test_a_suspended_member_cannot_post(self, client, make, setting):
        _alice, thread_id, _post_id = setting
        make.user("sus", suspended_days=3)
        response = ApiClient(client).login("sus").post(f"/threads/{thread_id}/posts", {"body": "Let me in"})
        assert response.status_code == 403

    def test_missing_things_are_404(self, setting):
        alice, _thread_id, _post_id = setting
        assert error_of(alice.get("/threads/999999"))["code"] == "not_found"
        assert alice.get("/posts/999999").status_code == 404
        assert alice.get("/articles/no-such-article").status_code == 404
        assert alice.get("/posts/99999999999999").status_code == 404

    def test_members_cannot_import_or_publish_articles(self, setting):
        alice, _thread_id, _post_id = setting
        assert alice.post("/article-previews", {"text": "Title\n\nBody"}).status_code == 403
        assert alice.post("/articles", {"title": "Mine", "questions": ["Why?"]}).status_code == 403

    def test_a_preview_needs_exactly_one_source(self, client, moderator):
        mod = ApiClient(client).login("moderator")
        response = mod.post("/article-previews", {"text": "x", "url": "https://example.org/"})
        assert response.status_code == 422
        assert error_of(response)["fields"] == {"text": ["Send either the article's text or its URL."]}


def test_a_requests_client_does_the_member_flow_over_http(app, hub_slug):
    """The same flow as a real client would run it, over a socket with requests."""
    with serve(app) as base, requests.Session() as http:
        api = f"{base}/api/v1"
        assert http.post(f"{api}/users", json={"username": "carol", "email": "carol@example.org",
                                                "password": Factory.PASSWORD}).status_code == 201
        token = http.post(f"{api}/tokens", json={"username": "carol", "password": Factory.PASSWORD}).json()["token"]
        http.headers["Authorization"] = f"Bearer {token}"
        thread_id = http.get(f"{api}/articles/{hub_slug}").json()["questions"][1]["thread_id"]
        answer = http.post(f"{api}/threads/{thread_id}/posts", json={"body": "Yes, with deposits."})
        assert answer.status_code == 201
        reply = http.post(f"{api}/threads/{thread_id}/posts", json={"body": "And a waiver.",
                                                                     "parent_id": answer.json()["id"]})
        assert reply.status_code == 201
        refused = http.put(f"{api}/posts/{answer.json()['id']}/vote", json={"value": 1})
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
        assert http.post(f"{api}/posts/{answer.json()['id']}/reports", json={"reason": "spam"}).status_code == 403
        assert http.delete(f"{api}/tokens/current").status_code == 204
        assert http.get(f"{api}/users/me").status_code == 401
