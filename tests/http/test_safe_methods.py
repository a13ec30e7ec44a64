"""GET never changes what people see: every GET route, for every role, leaves the database as it was."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.services import notifications, password_resets, tokens
from tests.factories import Factory

# Bookkeeping that a read may write (DESIGN §11): when a token was last used, rate-limit counters.
BOOKKEEPING = {("api_tokens", "last_used_at")}
BOOKKEEPING_TABLES = {"rate_limit_counters"}
SKIPPED_ENDPOINTS = {"static"}  # files on disk


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order, without bookkeeping columns."""
    db.session.expire_all()
    rows = {}
    for table in db.metadata.sorted_tables:
        if table.name in BOOKKEEPING_TABLES:
            continue
        columns = [column for column in table.columns if (table.name, column.name) not in BOOKKEEPING]
        statement = select(*columns).order_by(*table.primary_key.columns)
        rows[table.name] = [tuple(row) for row in db.session.execute(statement)]
    db.session.rollback()
    return rows


@pytest.fixture
def forum_in_use(make: Factory, member, moderator, admin):
    """An article with posts, replies, votes, a report, a follow, notifications, an API token and a reset link."""
    article = make.article()
    thread = make.thread(article)
    answer = make.post(thread, author=member)
    reply = make.post(thread, author=make.user("bob"), parent=answer, body="Hello @member")
    make.report(reply)
    api_token = tokens.issue_token(member, name="script")
    reset_token = password_resets.create_link(member).rsplit("/", 1)[1]
    [notification, *_] = notifications.list_notifications(member, page=1, per_page=5).items
    return {"slug": article.slug, "thread_id": thread.id, "post_id": answer.id, "username": member.username,
            "notification_id": notification.id, "api_token": api_token, "token": reset_token,
            "reply_id": reply.id}


def get_urls(app, values: dict) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        missing = rule.arguments - values.keys()
        assert not missing, f"{rule.rule}: give this test a value for {sorted(missing)}"
        urls.append(rule.build({name: values[name] for name in rule.arguments})[1])
    return sorted(urls)


def test_every_get_route_for_every_role_leaves_the_database_as_it_was(app, client, auth, forum_in_use,
                                                                      member, moderator, admin):
    urls = get_urls(app, forum_in_use)
    assert "/notifications/%d" % forum_in_use["notification_id"] in urls
    for role in (None, member, moderator, admin):
        auth.logout()
        if role is not None:
            assert auth.login(role).status_code == 302
        for url in urls:
            before = snapshot()
            response = client.get(url)
            assert response.status_code < 500, url
            assert snapshot() == before, f"GET {url} as {role.username if role else 'a visitor'} changed the database"


def test_api_gets_with_a_bearer_token_change_nothing_but_the_tokens_last_use(app, client, forum_in_use):
    headers = {"Authorization": f"Bearer {forum_in_use['api_token']}"}
    for url in get_urls(app, forum_in_use):
        if url.startswith("/api/"):
            before = snapshot()
            assert client.get(url, headers=headers).status_code < 500, url
            assert snapshot() == before, f"GET {url} with a token changed the database"


def test_opening_a_notification_by_get_leaves_it_unread(client, auth, member, forum_in_use):
    auth.login(member)
    unread = notifications.unread_count(member)
    response = client.get(f"/notifications/{forum_in_use['notification_id']}")
    assert response.status_code == 302
    assert notifications.unread_count(member) == unread


def test_opening_a_notification_with_its_button_marks_it_read(client, auth, member, forum_in_use):
    auth.login(member)
    page = client.get("/notifications").get_data(as_text=True)
    action = f'action="/notifications/threads/{forum_in_use["thread_id"]}/open"'
    assert f'<form method="post" {action}' in page
    assert notifications.unread_count(member) == 1
    response = client.post(f"/notifications/threads/{forum_in_use['thread_id']}/open")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/posts/{forum_in_use['reply_id']}")
    assert notifications.unread_count(member) == 0


def test_opening_a_notification_needs_the_csrf_token(csrf_app, make):
    member = make.user("member")
    thread = make.thread()
    make.post(thread, author=make.user("bob"), parent=make.post(thread, author=member))
    [notification] = notifications.list_notifications(member, page=1, per_page=5).items
    client = csrf_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"identifier": "member", "password": Factory.PASSWORD, "csrf_token": token})
    assert client.post(f"/notifications/{notification.id}/open").status_code == 400
    page = client.get("/notifications").get_data(as_text=True)
    assert "notification-unread" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(f"/notifications/{notification.id}/open", data={"csrf_token": token}).status_code == 303
    assert "notification-unread" not in client.get("/notifications").get_data(as_text=True)
