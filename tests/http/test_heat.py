"""Heat handling: a thread that boils over enters automatic slow mode, says why, logs it as Agora
(automatic), holds new members' posts at twice the report threshold, and ends by itself.

Settings: each test sets the heat thresholds it uses (the testing defaults switch heat off);
HEAT_SLOW_SECONDS 120 and HEAT_MINUTES 30 (the defaults); no other post intervals.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select, update

from forum.errors import RateLimited
from forum.extensions import db
from forum.models import ModerationAction, Post, PostState, Thread, utcnow
from forum.services import moderation, posts
from tests.http.api_client import ApiClient


def text_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def logged(thread: Thread) -> list[tuple[str, bool]]:
    return [(entry.action, entry.automatic) for entry in db.session.scalars(
        select(ModerationAction).where(ModerationAction.target_type == "thread", ModerationAction.target_id == thread.id)
        .order_by(ModerationAction.id))]


def fresh(thread: Thread) -> Thread:
    db.session.expire_all()
    return db.session.get(Thread, thread.id)


@pytest.fixture
def burst(app, make) -> SimpleNamespace:
    """HEAT_POSTS 3: four members post in ten minutes, and the fourth post starts heat."""
    app.config["HEAT_POSTS"] = 3
    thread = make.thread()
    members = [make.user(f"poster{n}") for n in range(4)]
    for n, member in enumerate(members):
        make.post(thread, author=member, body=f"Heated take {n}.")
    return SimpleNamespace(thread=thread, members=members)


def test_a_burst_of_posts_starts_slow_mode_once_and_the_thread_says_why(client, burst, make):
    assert fresh(burst.thread).heat_on(utcnow())
    make.post(burst.thread, author=make.user("late"), body="One more.")
    assert logged(burst.thread) == [("heat-on", True)]
    page = text_of(client, f"/threads/{burst.thread.id}")
    assert "Slow mode is on: 4 posts in 10 minutes. One post every 120 seconds per member" in page


def test_three_posts_are_not_a_burst(app, make):
    app.config["HEAT_POSTS"] = 3
    thread = make.thread()
    for n in range(3):
        make.post(thread, body=f"Calm take {n}.")
    assert not fresh(thread).heat_on(utcnow()) and logged(thread) == []


def test_the_public_log_shows_agora_acting_with_the_numbers(client, burst):
    log = text_of(client, "/mod/log")
    assert "Slow mode started" in log and "by Agora (automatic)" in log
    assert "4 posts in 10 minutes: one post every 120 seconds per member for 30 minutes" in log
    entry = ApiClient(client).get("/moderation/log").json["items"][0]
    assert entry["automatic"] is True and entry["by"] == "Agora (automatic)" and entry["actor"] is None


def test_in_slow_mode_a_member_waits_between_posts(client, auth, burst):
    auth.login(burst.members[0])
    assert client.post(f"/threads/{burst.thread.id}/posts", data={"body": "Once more."}).status_code == 302
    response = client.post(f"/threads/{burst.thread.id}/posts", data={"body": "Again, at once."})
    assert response.status_code == 429
    assert "This thread is in slow mode. You can post again in 2 minutes." in response.get_data(as_text=True)


def test_the_longer_of_manual_and_automatic_slow_mode_holds(burst, moderator):
    moderation.set_slow_mode(moderator, fresh(burst.thread), seconds=300)
    member = burst.members[0]
    posts.create_post(member, fresh(burst.thread), body="First after the moderator.")
    with pytest.raises(RateLimited, match="in 5 minutes"):
        posts.create_post(member, fresh(burst.thread), body="Second, too soon.")
    assert fresh(burst.thread).slow_mode_seconds == 300  # heat never weakens a moderator's setting


@pytest.fixture
def reported(app, make) -> SimpleNamespace:
    app.config["HEAT_REPORTS"] = 2
    thread = make.thread()
    regular = make.user("regular")
    make.post(make.thread(), author=regular, body="An earlier post elsewhere.")
    regular.created_at = utcnow() - timedelta(days=30)
    db.session.commit()
    target = make.post(thread, body="Provocative.")
    return SimpleNamespace(thread=thread, target=target, regular=regular)


def test_open_reports_start_slow_mode_and_twice_as_many_hold_new_members_posts(make, reported):
    for n in range(2):
        make.report(reported.target, reporter=make.user(f"reporter{n}"))
    assert fresh(reported.thread).heat_reason == "2 open reports"
    newcomer_post = make.post(reported.thread, author=make.user("newcomer"), body="Before the hold.")
    assert newcomer_post.state == PostState.VISIBLE
    for n in range(2, 4):
        make.report(reported.target, reporter=make.user(f"reporter{n}"))
    assert fresh(reported.thread).heat_approval
    assert logged(reported.thread) == [("heat-on", True), ("heat-approval", True)]
    held = make.post(reported.thread, author=make.user("newcomer2"), body="Held.")
    kept = make.post(reported.thread, author=reported.regular, body="A regular's view.")
    assert held.state == PostState.PENDING and kept.state == PostState.VISIBLE


def test_the_thread_page_tells_new_members_their_posts_wait(client, make, reported):
    for n in range(4):
        make.report(reported.target, reporter=make.user(f"reporter{n}"))
    page = text_of(client, f"/threads/{reported.thread.id}")
    assert "Slow mode is on: 2 open reports." in page and "New members' posts wait for approval." in page


def expire(thread: Thread) -> None:
    """Let the heat's time run out, as the clock would: no write, no page version bumped."""
    db.session.execute(update(Thread).where(Thread.id == thread.id)
                       .values(heat_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()


def test_slow_mode_ends_by_itself_and_a_cached_visitor_page_knows_at_once(client, burst):
    assert "Slow mode is on" in text_of(client, f"/threads/{burst.thread.id}")
    expire(burst.thread)
    assert "Slow mode is on" not in text_of(client, f"/threads/{burst.thread.id}")
    assert ApiClient(client).get(f"/threads/{burst.thread.id}").json["heat"] is None


def test_forum_tick_logs_the_end_once(runner, burst):
    expire(burst.thread)
    assert "Ended automatic slow mode in 1 thread." in runner.invoke(args=["tick"]).output
    assert "in 0 threads" in runner.invoke(args=["tick"]).output
    assert logged(burst.thread) == [("heat-on", True), ("heat-off", True)]
    assert fresh(burst.thread).heat_until is None


def test_without_a_tick_the_next_post_logs_the_end(app, burst, make):
    expire(burst.thread)
    app.config["HEAT_POSTS"] = 0  # else the burst, still within ten minutes here, would start it again
    make.post(burst.thread, author=burst.members[0], body="Calmer now.")
    assert logged(burst.thread) == [("heat-on", True), ("heat-off", True)]


def test_moderators_extend_and_end_it_logged_by_name(client, auth, burst, moderator):
    until = fresh(burst.thread).heat_until
    auth.login(moderator)
    page = text_of(client, f"/threads/{burst.thread.id}")
    assert "Extend slow mode" in page and "End slow mode" in page
    client.post(f"/threads/{burst.thread.id}/extend-heat", data={"thread-reason": "Still boiling"})
    assert fresh(burst.thread).heat_until == until + timedelta(minutes=30)
    client.post(f"/threads/{burst.thread.id}/end-heat", data={"thread-reason": ""})
    assert fresh(burst.thread).heat_until is None
    assert logged(burst.thread) == [("heat-on", True), ("heat-extend", False), ("heat-off", False)]
    assert "Slow mode is on" not in text_of(client, f"/threads/{burst.thread.id}")


def test_the_api_shows_heat_and_lets_moderators_end_it(client, burst, moderator):
    heat = ApiClient(client).get(f"/threads/{burst.thread.id}").json["heat"]
    assert heat["reason"] == "4 posts in 10 minutes" and heat["slow_seconds"] == 120 and heat["approval"] is False
    api = ApiClient(client).login("moderator")
    assert api.post(f"/threads/{burst.thread.id}/extend-heat", {"reason": ""}).json["heat"]["until"] > heat["until"]
    assert api.post(f"/threads/{burst.thread.id}/end-heat", {"reason": ""}).json["heat"] is None
    assert api.post(f"/threads/{burst.thread.id}/end-heat", {"reason": ""}).status_code == 409


def test_members_cannot_end_heat(client, burst):
    member = ApiClient(client).login("poster0")
    assert member.post(f"/threads/{burst.thread.id}/end-heat", {"reason": ""}).status_code == 403
    assert fresh(burst.thread).heat_on(utcnow())


def test_posts_counted_are_only_the_threads_own(app, make):
    app.config["HEAT_POSTS"] = 3
    one, other = make.thread(), make.thread()
    for n in range(2):
        make.post(one, body=f"Here {n}.")
        make.post(other, body=f"There {n}.")
    assert db.session.scalar(select(Post.id).where(Post.thread_id == one.id).limit(1))
    assert not fresh(one).heat_on(utcnow()) and not fresh(other).heat_on(utcnow())
