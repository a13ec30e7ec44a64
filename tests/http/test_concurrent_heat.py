"""A burst from many members at once starts a thread's heat exactly once, through a threaded live server.

Settings: HEAT_POSTS 3 (so most of the burst crosses it), HEAT_REPORTS 2 for the reports; the
testing defaults otherwise (no post intervals; HEAT_SLOW_SECONDS 120, HEAT_MINUTES 30).
"""

from __future__ import annotations

import requests
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import ModerationAction, Post
from forum.services import tokens
from tests.http.api_client import serve
from tests.http.test_concurrent_posts import send_at_once

MEMBERS = 8


def heat_starts(thread_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(ModerationAction).where(
        ModerationAction.target_type == "thread", ModerationAction.target_id == thread_id,
        ModerationAction.action == "heat-on"))


def send_from_many_members(app, make, path: str, json: dict) -> list[requests.Response]:
    """POST ``json`` to the API's ``path`` once from each of MEMBERS new members, all at once."""
    headers = [{"Authorization": f"Bearer {tokens.issue_token(make.user(f'hot{n}'))}"} for n in range(MEMBERS)]
    db.session.remove()
    with serve(app) as base:
        assert requests.get(f"{base}/api/v1/users/me", headers=headers[0], timeout=60).status_code == 200
        # list.pop is atomic: each request is another member's
        return send_at_once(MEMBERS, lambda: requests.post(f"{base}/api/v1{path}", json=json,
                                                            headers=headers.pop(), timeout=60))


def test_eight_members_posting_at_once_start_slow_mode_once(app, make):
    app.config["HEAT_POSTS"] = 3
    thread_id = make.thread().id
    answers = send_from_many_members(app, make, f"/threads/{thread_id}/posts", {"body": "My take."})
    assert [answer.status_code for answer in answers] == [201] * MEMBERS
    assert db.session.scalar(select(func.count(Post.id)).where(Post.thread_id == thread_id)) == MEMBERS
    assert heat_starts(thread_id) == 1


def test_reports_filed_at_once_start_slow_mode_once(app, make):
    app.config["HEAT_REPORTS"] = 2
    post = make.post(make.thread(), body="Something many will object to.")
    thread_id, post_id = post.thread_id, post.id
    answers = send_from_many_members(app, make, f"/posts/{post_id}/reports", {"reason": "spam"})
    assert [answer.status_code for answer in answers] == [201] * MEMBERS
    assert heat_starts(thread_id) == 1
    approvals = db.session.scalar(select(func.count()).select_from(ModerationAction).where(
        ModerationAction.target_id == thread_id, ModerationAction.action == "heat-approval"))
    assert approvals == 1
