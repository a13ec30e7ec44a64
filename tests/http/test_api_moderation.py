"""The API's moderator flow, and that members and visitors are refused it."""

from __future__ import annotations

import pytest

from tests.http.api_client import ApiClient, error_of


@pytest.fixture
def scene(client, make, moderator):
    """A thread with a member's post, reported by another member."""
    thread = make.thread()
    alice, bob = make.user("alice"), make.user("bob")
    post = make.post(thread, author=alice, body="Buy cheap drills at spam.example")
    bob_api = ApiClient(client).login("bob")
    report = bob_api.post(f"/posts/{post.id}/reports", {"reason": "spam"}).json
    return {"thread": thread, "post": post, "report": report, "mod": ApiClient(client).login("moderator"),
            "alice": ApiClient(client).login("alice")}


def test_moderators_lock_pin_and_hide_threads(scene):
    mod, thread_id = scene["mod"], scene["thread"].id
    assert mod.post(f"/threads/{thread_id}/lock", {"reason": "Cooling off"}).json["locked"] is True
    assert scene["alice"].post(f"/threads/{thread_id}/posts", {"body": "Wait!"}).status_code == 403
    assert mod.post(f"/threads/{thread_id}/unlock").json["locked"] is False
    assert mod.post(f"/threads/{thread_id}/pin", {}).json["pinned"] is True
    assert mod.post(f"/threads/{thread_id}/unpin").json["pinned"] is False
    assert mod.post(f"/threads/{thread_id}/hide").json["hidden"] is True
    assert scene["alice"].get(f"/threads/{thread_id}").status_code == 404
    assert mod.get(f"/threads/{thread_id}").status_code == 200
    assert mod.post(f"/threads/{thread_id}/unhide").json["hidden"] is False


def test_moderators_work_the_report_queue(scene):
    mod, post = scene["mod"], scene["post"]
    queue = mod.get("/reports").json
    [group] = queue["items"]
    assert group["post"]["id"] == post.id and [r["reason"] for r in group["reports"]] == ["spam"]
    resolved = mod.post(f"/reports/{scene['report']['id']}/resolve", {"remove": True, "reason": "Spam"})
    assert resolved.status_code == 204
    assert mod.get("/reports").json["items"] == []
    again = mod.post(f"/reports/{scene['report']['id']}/dismiss")
    assert again.status_code == 409
    assert error_of(again)["code"] == "conflict"
    removed = scene["alice"].get(f"/posts/{post.id}").json
    assert removed["state"] == "removed" and removed["body"] is None and removed["removal_reason"] == "Spam"


def test_moderators_dismiss_reports(scene):
    mod = scene["mod"]
    assert mod.post(f"/reports/{scene['report']['id']}/dismiss", {"reason": "Fine"}).status_code == 204
    assert mod.get(f"/posts/{scene['post'].id}").json["state"] == "visible"


def test_moderators_remove_and_restore_posts(scene):
    mod, post_id = scene["mod"], scene["post"].id
    removed = mod.post(f"/posts/{post_id}/remove", {"reason": "Advertising"})
    assert removed.status_code == 200
    assert removed.json["state"] == "removed" and removed.json["body"] is not None
    assert error_of(mod.post(f"/posts/{post_id}/remove", {}))["fields"].keys() == {"reason"}
    assert mod.post(f"/posts/{post_id}/restore").json["state"] == "visible"


def test_moderators_suspend_and_unsuspend_members(scene):
    mod = scene["mod"]
    suspended = mod.post("/users/alice/suspend", {"days": 3, "reason": "Spamming"})
    assert suspended.status_code == 200 and suspended.json["suspended_until"] is not None
    thread_id = scene["thread"].id
    assert scene["alice"].post(f"/threads/{thread_id}/posts", {"body": "Let me"}).status_code == 403
    assert error_of(mod.post("/users/alice/suspend", {"days": 0, "reason": "x"}))["fields"].keys() == {"days"}
    assert mod.post("/users/alice/unsuspend", {}).json["suspended_until"] is None
    assert mod.post("/users/alice/unsuspend").status_code == 409
    assert mod.post("/users/moderator/suspend", {"days": 1, "reason": "Me?"}).status_code == 403


def test_moderators_close_and_reopen_an_article(scene):
    mod, slug = scene["mod"], scene["thread"].article.slug
    assert mod.post(f"/articles/{slug}/close", {"reason": "Done"}).json["discussion_open"] is False
    assert scene["alice"].post(f"/threads/{scene['thread'].id}/posts", {"body": "Late"}).status_code == 403
    assert mod.post(f"/articles/{slug}/reopen").json["discussion_open"] is True


def test_the_log_names_the_moderator_to_moderators_only(client, scene):
    mod = scene["mod"]
    mod.post(f"/threads/{scene['thread'].id}/lock", {"reason": "Heated"})
    [entry] = mod.get("/moderation/log?action=lock-thread").json["items"]
    assert (entry["actor"], entry["reason"], entry["target_type"]) == ("moderator", "Heated", "thread")
    [public] = ApiClient(client).get("/moderation/log?target_type=thread").json["items"]
    assert public["actor"] is None and public["reason"] == "Heated"


@pytest.mark.parametrize("method, path, body", [
    ("POST", "/threads/{thread}/lock", {}),
    ("POST", "/threads/{thread}/pin", {}),
    ("POST", "/threads/{thread}/hide", {}),
    ("POST", "/posts/{post}/remove", {"reason": "No"}),
    ("POST", "/posts/{post}/restore", {}),
    ("GET", "/reports", None),
    ("POST", "/reports/{report}/resolve", {}),
    ("POST", "/reports/{report}/dismiss", {}),
    ("POST", "/users/bob/suspend", {"days": 1, "reason": "No"}),
    ("POST", "/users/bob/unsuspend", {}),
    ("POST", "/articles/{slug}/close", {}),
    ("POST", "/article-previews", {"text": "Title\n\nBody"}),
])
def test_members_get_403_and_visitors_401(client, scene, method, path, body):
    path = path.format(thread=scene["thread"].id, post=scene["post"].id, report=scene["report"]["id"],
                       slug=scene["thread"].article.slug)
    member = scene["alice"].call(method, path, body)
    assert member.status_code == 403, member.json
    assert error_of(member)["code"] == "forbidden"
    visitor = ApiClient(client).call(method, path, body)
    assert visitor.status_code == 401
    assert error_of(visitor)["code"] == "unauthorized"


def test_the_api_does_what_the_moderation_pages_do(scene, make, app):
    mod, alice, thread = scene["mod"], scene["alice"], scene["thread"]
    slug = thread.article.slug
    assert mod.post(f"/threads/{thread.id}/slow-mode", {"seconds": 60}).json["slow_mode_seconds"] == 60
    assert mod.post(f"/threads/{thread.id}/slow-mode", {"seconds": 60}).status_code == 409
    assert mod.post(f"/threads/{thread.id}/slow-mode", {"seconds": 86_401}).status_code == 422
    assert mod.post(f"/threads/{thread.id}/slow-mode", {"seconds": 0}).json["slow_mode_seconds"] == 0
    assert mod.post(f"/articles/{slug}/premoderation", {"enabled": True}).json["premoderation"] is True
    app.config["PREMODERATION_MIN_APPROVED_POSTS"] = 5
    held = alice.post(f"/threads/{thread.id}/posts", {"body": "Held for a moderator."}).json
    other = alice.post(f"/threads/{thread.id}/posts", {"body": "Also held."}).json
    assert held["state"] == "pending" and held["allowed"]["edit"] is True
    assert [p["id"] for p in mod.get("/moderation/queue").json["items"]] == [held["id"], other["id"]]
    approved = mod.post(f"/posts/{held['id']}/approve").json
    assert approved["state"] == "visible" and approved["allowed"]["remove"] is True
    assert mod.post(f"/posts/{held['id']}/approve").status_code == 403
    rejected = mod.post(f"/posts/{other['id']}/reject", {"reason": "Off topic"}).json
    assert rejected["state"] == "removed" and rejected["removal_reason"] == "Off topic"
    assert mod.get("/moderation/queue").json["items"] == []


def test_admins_grant_and_revoke_the_moderator_role_through_the_api(client, make, admin):
    make.user("carol")
    api = ApiClient(client).login("admin")
    assert api.post("/users/carol/grant-moderator", {"reason": "Helps a lot"}).json["role"] == "moderator"
    assert api.post("/users/carol/grant-moderator").status_code == 409
    assert ApiClient(client).login("carol").post("/users/admin/revoke-moderator").status_code == 403
    assert api.post("/users/carol/revoke-moderator").json["role"] == "member"


def test_moderators_edit_articles_and_read_edit_history_through_the_api(scene, make):
    mod, alice, post = scene["mod"], scene["alice"], scene["post"]
    slug = scene["thread"].article.slug
    edited = mod.patch(f"/articles/{slug}", {"title": "A better title", "questions": ["What do you think now?"]})
    assert edited.status_code == 200, edited.json
    assert edited.json["title"] == "A better title"
    assert [q["text"] for q in edited.json["questions"]] == ["What do you think now?"]
    assert alice.patch(f"/articles/{slug}", {"title": "Mine now"}).status_code == 403
    alice.patch(f"/posts/{post.id}", {"body": "Second thoughts."})
    history = mod.get(f"/posts/{post.id}/history")
    assert [revision["body"] for revision in history.json] == ["Buy cheap drills at spam.example"]
    assert alice.get(f"/posts/{post.id}/history").status_code == 403


def test_a_profile_says_what_the_caller_may_do_to_the_member(scene, client):
    assert scene["mod"].get("/users/alice").json["allowed"] == {
        "suspend": True, "unsuspend": False, "grant_moderator": False, "revoke_moderator": False}
    assert scene["alice"].get("/users/bob").json["allowed"] == {
        "suspend": False, "unsuspend": False, "grant_moderator": False, "revoke_moderator": False}
    assert ApiClient(client).get("/users/alice").json["username"] == "alice"
