"""Download my data: a member takes what they wrote, voted, reported and follow, as JSON, changing nothing."""

from __future__ import annotations

import json

from forum.services import follows, reports, tokens, votes


def test_settings_offers_the_download(client, auth, member):
    auth.login(member)
    html = client.get("/settings").get_data(as_text=True)
    assert '<a class="button secondary" href="/settings/data.json" download>Download my data</a>' in html


def test_a_member_downloads_their_own_data_without_secrets(client, auth, make, member):
    thread = make.thread()
    mine = make.post(thread, author=member, body="My own answer.")
    other = make.post(thread, body="Someone else's answer.")
    votes.cast_vote(member, other, value=1)
    reports.file_report(member, other, reason="spam")
    follows.follow_thread(member, thread)
    tokens.issue_token(member, name="laptop")
    auth.login(member)
    response = client.get("/settings/data.json")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == 'attachment; filename="agora-member.json"'
    data = response.get_json()
    assert data["account"]["username"] == "member" and data["account"]["email"] == "member@example.org"
    assert [post["body"] for post in data["posts"]] == ["My own answer."]
    assert data["posts"][0]["id"] == mine.id and data["posts"][0]["thread_title"] == thread.title
    assert data["votes"] == [{"post_id": other.id, "value": 1, "created_at": data["votes"][0]["created_at"]}]
    assert [report["reason"] for report in data["reports"]] == ["spam"]
    assert [follow["thread_id"] for follow in data["follows"]] == [thread.id]
    assert [token["name"] for token in data["api_tokens"]] == ["laptop"]
    text = json.dumps(data)
    assert "password" not in text and "hash" not in text and "Someone else's answer." not in text


def test_downloading_changes_nothing(client, auth, member, count_queries):
    auth.login(member)
    with count_queries() as counter:
        assert client.get("/settings/data.json").status_code == 200
    assert not [s for s in counter.statements if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_visitors_are_sent_to_log_in(client):
    response = client.get("/settings/data.json")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
