"""Delete my account: the page, the password that confirms it, and "[deleted]" wherever the member's posts show."""

from __future__ import annotations

import pytest

from forum.services import moderation, notifications
from tests.factories import Factory
from tests.http.api_client import ApiClient, error_of


@pytest.fixture
def gone(make):
    return make.user("gone")


@pytest.fixture
def gone_post(make, thread, gone):
    answer = make.post(thread, author=make.user("stay"), body="Stay's answer about lanes.")
    return make.post(thread, author=gone, parent=answer, body="Gone's reply about bicycles.")


def delete(client, password=Factory.PASSWORD, posts="keep"):
    return client.post("/settings/delete", data={"password": password, "posts": posts})


def test_the_page_offers_the_data_download_and_the_choice(client, auth, gone):
    auth.login(gone)
    html = client.get("/settings").get_data(as_text=True)
    assert 'href="/settings/delete">Delete my account</a>' in html
    html = client.get("/settings/delete").get_data(as_text=True)
    assert "Download my data" in html and 'href="/settings/data.json"' in html
    assert "Keep my posts, shown as “[deleted]”" in html and "Remove my posts" in html
    assert ">Delete my account</button>" in html


def test_the_page_needs_a_login(client):
    assert "/login" in client.get("/settings/delete").headers["Location"]


@pytest.mark.parametrize(("fields", "message"), [
    ({"password": "wrong password"}, "That is not your password."),
    ({"password": ""}, "Enter your password to confirm."),
    ({"posts": ""}, "Choose whether to keep your posts or remove them."),
])
def test_a_refusal_says_why_and_deletes_nothing(client, auth, gone, fields, message):
    auth.login(gone)
    response = client.post("/settings/delete", data={"password": Factory.PASSWORD, "posts": "remove", **fields})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert client.get("/u/gone").status_code == 200 and client.get("/settings").status_code == 200


def test_deleting_logs_out_every_session_and_ends_api_tokens(app, client, auth, gone):
    token = app.test_client().post("/api/v1/tokens", json={"username": "gone", "password": Factory.PASSWORD})
    bearer = {"Authorization": f"Bearer {token.get_json()['token']}"}
    other = app.test_client()
    other.post("/login", data={"identifier": "gone", "password": Factory.PASSWORD})
    auth.login(gone)
    response = delete(client)
    assert response.status_code == 302
    assert "Your account is deleted." in client.get("/").get_data(as_text=True)
    assert client.get("/settings").status_code == 302 and other.get("/settings").status_code == 302
    assert app.test_client().get("/api/v1/users/me", headers=bearer).status_code == 401
    assert auth.login("gone").status_code == 200  # the login form again, refused
    assert client.get("/u/gone").status_code == 404


def test_kept_posts_show_deleted_on_the_thread_the_api_the_feed_and_search(client, auth, thread, gone, gone_post):
    auth.login(gone)
    delete(client, posts="keep")
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "Gone's reply about bicycles." in page and '<span class="post-author muted">[deleted]</span>' in page
    assert ">gone<" not in page
    assert client.get(f"/api/v1/posts/{gone_post.id}").get_json()["author"] is None
    feed = client.get(f"/feeds/threads/{thread.id}.atom").get_data(as_text=True)
    assert "<name>[deleted]</name>" in feed
    results = client.get("/search?q=bicycles").get_data(as_text=True)
    assert "by [deleted]" in results and "/u/gone" not in results


def test_removed_posts_lose_their_text(client, auth, thread, gone, gone_post):
    auth.login(gone)
    delete(client, posts="remove")
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "Gone's reply about bicycles." not in page
    assert "Gone's reply" not in client.get("/search?q=bicycles").get_data(as_text=True)


def test_the_username_cannot_be_registered_again(client, auth, gone):
    auth.login(gone)
    delete(client)
    response = client.post("/register", data={"username": "Gone", "email": "gone@example.org",
                                              "password": Factory.PASSWORD, "confirm": Factory.PASSWORD})
    assert "That username is taken." in response.get_data(as_text=True)


def test_the_public_log_says_the_account_was_deleted(client, auth, gone):
    auth.login(gone)
    delete(client, posts="remove")
    log = client.get("/mod/log").get_data(as_text=True)
    assert "Deleted their account" in log and "posts removed" in log


def test_others_notifications_of_the_members_posts_name_deleted(client, auth, make, thread, gone):
    stay = make.user("stay")
    make.post(thread, author=gone, parent=make.post(thread, author=stay), body="A reply to Stay.")
    auth.login(gone)
    delete(client)
    auth.login(stay)
    assert notifications.unread_count(stay) == 1
    page = client.get("/notifications").get_data(as_text=True)
    assert "Latest from" in page and "[deleted]" in page and ">gone<" not in page


def test_the_api_deletes_the_account_with_its_password_and_ends_its_tokens(client, gone, gone_post):
    api = ApiClient(client).login("gone")
    refused = api.post("/users/me/deletion", {"password": "wrong password", "posts": "keep"})
    assert refused.status_code == 422 and error_of(refused)["fields"] == {"password": ["That is not your password."]}
    assert api.post("/users/me/deletion", {"password": Factory.PASSWORD, "posts": "later"}).status_code == 422
    assert api.get("/users/me").status_code == 200
    assert api.post("/users/me/deletion", {"password": Factory.PASSWORD, "posts": "keep"}).status_code == 204
    assert api.get("/users/me").status_code == 401
    assert ApiClient(client).get(f"/posts/{gone_post.id}").json["author"] is None
    assert ApiClient(client).post("/users/me/deletion", {"password": "x", "posts": "keep"}).status_code == 401


def test_reports_and_log_rows_of_a_deleted_member_name_deleted(client, auth, make, thread):
    writer, boss = make.user("writer"), make.user("boss", role="admin")
    vanisher = make.user("vanisher", role="moderator")
    make.report(make.post(thread, author=writer), reporter=vanisher, reason="spam")
    moderation.remove_post(vanisher, make.post(thread, author=writer), reason="Off topic")
    moderation.remove_post(boss, make.post(thread, author=vanisher), reason="Rude")
    auth.login(vanisher)
    delete(client)
    public = [client.get("/mod/log").get_data(as_text=True), ApiClient(client).get("/moderation/log").text]
    auth.login(boss)
    api = ApiClient(client).login("boss")
    pages = [client.get(url).get_data(as_text=True) for url in ("/mod/log", "/mod/reports", "/u/writer")]
    answers = [api.get("/moderation/log").json, api.get("/reports").json]
    for shown in [*public, *pages]:
        assert "vanisher" not in shown
    assert "by [deleted]" in pages[2] and "member [deleted]" in pages[0]
    assert [entry["actor"] for entry in answers[0]["items"]][:3] == [None, "boss", None]
    assert answers[1]["items"][0]["reports"][0]["reporter"] is None
