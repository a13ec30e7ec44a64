"""The notifications page, the bell, following threads, and the settings for notifications and API tokens."""

from __future__ import annotations

import re

import pytest

from forum.extensions import db
from forum.models import ApiToken
from forum.services import follows, moderation, notifications, tokens


def _reply_to(make, thread, author, replier, body="A reply."):
    post = make.post(thread, author=author)
    return make.post(thread, author=replier, parent=post, body=body)


def test_the_bell_shows_the_unread_count(client, auth, make, member, thread):
    _reply_to(make, thread, member, make.user("bob"))
    auth.login(member)
    page = client.get("/").get_data(as_text=True)
    assert re.search(r'class="badge notification-count">1<span class="visually-hidden"> unread', page)


def test_a_notification_on_its_own_opens_by_post_and_leads_to_its_target(client, auth, make, member, moderator,
                                                                          thread):
    post = make.post(thread, author=member)
    moderation.remove_post(moderator, post, reason="Off topic")
    auth.login(member)
    page = client.get("/notifications").get_data(as_text=True)
    assert "A moderator removed your post in" in page and "Off topic" in page
    [note] = notifications.list_notifications(member, page=1, per_page=10).items
    response = client.post(f"/notifications/{note.id}/open")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/posts/{post.id}")
    assert notifications.unread_count(member) == 0


def test_mark_all_read_zeroes_the_count(client, auth, make, member, thread):
    _reply_to(make, thread, member, make.user("bob"))
    auth.login(member)
    assert "Mark all read" in client.get("/notifications").get_data(as_text=True)
    client.post("/notifications/read")
    assert notifications.unread_count(member) == 0
    assert "notification-count" not in client.get("/").get_data(as_text=True)


def test_another_members_notification_is_not_found(client, auth, make, member, thread):
    alice = make.user("alice")
    _reply_to(make, thread, alice, make.user("bob"))
    [note] = notifications.list_notifications(alice, page=1, per_page=5).items
    auth.login(member)
    assert client.get(f"/notifications/{note.id}").status_code == 404
    assert client.post(f"/notifications/{note.id}/open").status_code == 404


def test_follow_and_unfollow_buttons(client, auth, member, thread):
    auth.login(member)
    response = client.post(f"/threads/{thread.id}/follow")
    assert response.status_code == 302 and follows.is_following(member, thread)
    fragment = client.post(f"/threads/{thread.id}/unfollow", headers={"HX-Request": "true"})
    assert ">Follow</button>" in fragment.get_data(as_text=True)
    assert not follows.is_following(member, thread)


@pytest.mark.parametrize("path", ["/notifications", "/threads/1/follow", "/settings/tokens"])
def test_visitors_are_sent_to_log_in(client, thread, path):
    response = client.get(path) if path == "/notifications" else client.post(path)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_hidden_threads_cannot_be_followed_by_members(client, auth, make, member):
    hidden = make.thread(hidden=True)
    auth.login(member)
    assert client.post(f"/threads/{hidden.id}/follow").status_code == 404


def test_settings_save_notification_preferences(client, auth, member):
    auth.login(member)
    page = client.get("/settings").get_data(as_text=True)
    assert "Follow threads I start" in page and "Email me each notification" in page
    client.post("/settings/notifications", data={"follow_own_threads": "y", "email_notifications": "y"})
    db.session.refresh(member)
    assert (member.follow_own_threads, member.follow_replied_threads, member.email_notifications) == (True, False, True)


def test_a_token_is_shown_once_and_can_be_revoked(client, auth, member):
    auth.login(member)
    page = client.post("/settings/tokens", data={"name": "my script"}).get_data(as_text=True)
    raw = re.search(r'value="(agora_[^"]+)"', page).group(1)
    assert client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    settings = client.get("/settings").get_data(as_text=True)
    assert "my script" in settings and raw not in settings
    token = db.session.scalars(db.select(ApiToken)).one()
    client.post(f"/settings/tokens/{token.id}/revoke")
    assert client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_another_members_token_cannot_be_revoked(client, auth, make, member):
    tokens.issue_token(make.user("alice"), name="hers")
    token = db.session.scalars(db.select(ApiToken)).one()
    auth.login(member)
    assert client.post(f"/settings/tokens/{token.id}/revoke").status_code == 404


def test_the_thread_page_has_a_follow_button_for_members(client, auth, member, thread):
    assert "Follow</button>" not in client.get(f"/threads/{thread.id}").get_data(as_text=True)
    auth.login(member)
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert f'action="/threads/{thread.id}/follow"' in page and ">Follow</button>" in page
    client.post(f"/threads/{thread.id}/follow")
    assert ">Unfollow</button>" in client.get(f"/threads/{thread.id}").get_data(as_text=True)
