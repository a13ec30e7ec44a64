"""Rate limits through HTTP: what each one counts, how it answers, and that it holds under concurrency."""

from __future__ import annotations

import socket
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Post, Report, User
from tests.conftest import build_app, dispose
from tests.factories import Factory
from tests.http.api_client import ApiClient, error_of, serve

CONCURRENT = 10
ARTICLE_TEXT = "A title\n\nSome text of the article.\n\nDiscussion questions:\n1. Why?\n2. How?\n"


def login(client, identifier: str, password: str = "wrong-password"):
    return client.post("/login", data={"identifier": identifier, "password": password})


def register(client, name: str):
    return client.post("/register", data={"username": name, "email": f"{name}@example.org",
                                          "password": Factory.PASSWORD, "confirm": Factory.PASSWORD})


def assert_too_many(response) -> None:
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0


# Logging in (issue 9, item 2: the account is the key, however it is named)

def test_failed_logins_by_username_and_by_email_count_against_one_account(app, client, member):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "4 per 15 minutes"
    for identifier in ("member", "member@example.org", "MEMBER", " Member@Example.org "):
        assert login(client, identifier).status_code == 200
    assert_too_many(login(client, "member@example.org", Factory.PASSWORD))
    assert_too_many(login(client, "member", Factory.PASSWORD))


def test_an_unknown_name_is_limited_like_an_account(app, client):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per 15 minutes"
    for _ in range(2):
        assert login(client, "nobody").status_code == 200
    assert_too_many(login(client, "nobody"))


def test_a_successful_login_does_not_count_as_a_failure(app, client, member):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per 15 minutes"
    for _ in range(3):
        assert login(client, "member", Factory.PASSWORD).status_code == 302
        client.post("/logout")
    assert login(client, "member").status_code == 200


def test_the_html_login_answers_429_with_retry_after_and_the_message_beside_the_field(app, client, member):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "1 per 15 minutes"
    login(client, "member")
    response = login(client, "member", Factory.PASSWORD)
    assert_too_many(response)
    assert 'id="identifier-error">Too many failed attempts. Try again in 15 minutes.' in response.get_data(as_text=True)


def test_a_zero_login_limit_is_no_limit(app, client, member):
    app.config.update(LOGIN_LIMIT_PER_ACCOUNT="0", LOGIN_LIMIT_PER_ADDRESS="0")
    for _ in range(12):
        login(client, "member")
    assert login(client, "member", Factory.PASSWORD).status_code == 302


# Signing up

def test_an_over_limit_sign_up_answers_429_with_retry_after_and_keeps_what_was_typed(app, client):
    app.config["REGISTER_LIMIT_PER_ADDRESS"] = "1 per hour"
    assert register(client, "first").status_code == 302
    client.post("/logout")
    response = register(client, "second")
    assert_too_many(response)
    html = response.get_data(as_text=True)
    assert "Too many new accounts from your address. Try again in 60 minutes." in html
    assert 'value="second@example.org"' in html
    assert db.session.scalar(select(func.count(User.id))) == 1


def test_sign_ups_are_also_limited_per_address_per_day(app, client):
    app.config.update(REGISTER_LIMIT_PER_ADDRESS="0", REGISTER_DAILY_LIMIT_PER_ADDRESS="3 per day")
    for name in ("first", "second", "third"):
        assert register(client, name).status_code == 302
        client.post("/logout")
    response = register(client, "fourth")
    assert_too_many(response)
    assert "Try again in" in response.get_data(as_text=True)


def test_a_refused_sign_up_does_not_count_against_the_limit(app, client, member):
    app.config["REGISTER_LIMIT_PER_ADDRESS"] = "1 per hour"
    assert register(client, "member").status_code == 200  # the name is taken
    assert register(client, "newcomer").status_code == 302


def test_the_api_sign_up_answers_429_with_retry_after(app, client):
    app.config["REGISTER_DAILY_LIMIT_PER_ADDRESS"] = "1 per day"
    api = ApiClient(client)
    assert api.post("/users", {"username": "one", "email": "one@example.org", "password": Factory.PASSWORD}).status_code == 201
    response = api.post("/users", {"username": "two", "email": "two@example.org", "password": Factory.PASSWORD})
    assert_too_many(response)
    assert error_of(response)["code"] == "rate_limited"


# Posting (issue 9, item 6: an atomic hit, not test-then-hit)

def test_ten_concurrent_posts_from_a_new_account_let_exactly_one_through(app, make):
    app.config["NEW_ACCOUNT_POST_INTERVAL_SECONDS"] = 30
    thread_id = make.thread().id
    make.user("newcomer")
    db.session.remove()
    with serve(app) as base:
        first = requests.Session()
        assert first.post(f"{base}/login", data={"identifier": "newcomer", "password": Factory.PASSWORD},
                          allow_redirects=False).status_code == 302
        sessions = [requests.Session() for _ in range(CONCURRENT)]
        for session in sessions:
            session.cookies.update(first.cookies)

        def answer(number: int) -> int:
            return sessions[number].post(f"{base}/threads/{thread_id}/posts", data={"body": f"Answer {number}"},
                                         allow_redirects=False, timeout=60).status_code

        with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
            statuses = sorted(pool.map(answer, range(CONCURRENT)))
    assert statuses == [302] + [429] * (CONCURRENT - 1)
    assert db.session.scalar(select(func.count(Post.id)).where(Post.thread_id == thread_id)) == 1


def test_a_post_refused_as_a_duplicate_does_not_count_against_the_interval(app, client, make, member):
    thread = make.thread()
    make.post(thread, author=member, body="Said once.")
    app.config["NEW_ACCOUNT_POST_INTERVAL_SECONDS"] = 30
    login(client, "member", Factory.PASSWORD)
    assert client.post(f"/threads/{thread.id}/posts", data={"body": "Said once."}).status_code == 409
    assert client.post(f"/threads/{thread.id}/posts", data={"body": "Something new."}).status_code == 302
    assert_too_many(client.post(f"/threads/{thread.id}/posts", data={"body": "And more."}))


# Reports, tokens, votes, imports (issue 9, item 7)

def test_reports_are_limited_per_member_in_html_and_api(app, client, make, member):
    app.config["REPORT_LIMIT_PER_MEMBER"] = "2 per hour"
    thread = make.thread()
    targets = [make.post(thread).id for _ in range(4)]
    login(client, "member", Factory.PASSWORD)
    for post_id in targets[:2]:
        assert client.post(f"/posts/{post_id}/report", data={"report-reason": "spam"}).status_code == 302
    response = client.post(f"/posts/{targets[2]}/report", data={"report-reason": "spam"})
    assert_too_many(response)
    assert "Too many reports" in response.get_data(as_text=True)
    api = ApiClient(client).login("member")
    response = api.post(f"/posts/{targets[3]}/reports", {"reason": "spam"})
    assert_too_many(response)
    assert error_of(response)["code"] == "rate_limited"
    assert db.session.scalar(select(func.count(Report.id))) == 2


def test_a_report_refused_as_a_repeat_does_not_count(app, client, make, member):
    thread = make.thread()
    first, second = make.post(thread).id, make.post(thread).id
    make.report(db.session.get(Post, first), reporter=member)
    app.config["REPORT_LIMIT_PER_MEMBER"] = "1 per hour"
    login(client, "member", Factory.PASSWORD)
    response = client.post(f"/posts/{first}/report", data={"report-reason": "spam"})
    assert "You have already reported this post" in response.get_data(as_text=True)
    assert client.post(f"/posts/{second}/report", data={"report-reason": "spam"}).status_code == 302


def test_api_tokens_are_limited_per_account(app, client, member):
    app.config["TOKEN_LIMIT_PER_ACCOUNT"] = "2 per hour"
    api = ApiClient(client)
    for _ in range(2):
        assert api.post("/tokens", {"username": "member", "password": Factory.PASSWORD}).status_code == 201
    response = api.post("/tokens", {"username": "member@example.org", "password": Factory.PASSWORD})
    assert_too_many(response)
    assert error_of(response)["code"] == "rate_limited"
    login(client, "member", Factory.PASSWORD)
    response = client.post("/settings/tokens", data={"name": "from the page"})
    assert_too_many(response)
    assert "Too many new tokens" in response.get_data(as_text=True)


def test_votes_are_limited_per_member_per_minute_in_html_and_api(app, client, make, member):
    app.config["VOTE_LIMIT_PER_MEMBER"] = "2 per minute"
    thread = make.thread()
    targets = [make.post(thread).id for _ in range(3)]
    login(client, "member", Factory.PASSWORD)
    assert client.post(f"/posts/{targets[0]}/upvote").status_code == 302
    assert client.post(f"/posts/{targets[1]}/downvote").status_code == 302
    response = client.post(f"/posts/{targets[2]}/upvote")
    assert_too_many(response)
    assert "Too many votes" in response.get_data(as_text=True)
    response = ApiClient(client).login("member").put(f"/posts/{targets[2]}/vote", {"value": 1})
    assert_too_many(response)
    assert db.session.get(Post, targets[2]).score == 0


def test_imports_are_limited_per_moderator_in_html_and_api(app, client, moderator):
    app.config["IMPORT_LIMIT_PER_MODERATOR"] = "1 per hour"
    login(client, "moderator", Factory.PASSWORD)
    assert client.post("/articles/import", data={"text": ARTICLE_TEXT}).status_code == 200
    response = client.post("/articles/import", data={"text": ARTICLE_TEXT})
    assert_too_many(response)
    assert "Too many imports" in response.get_data(as_text=True)
    response = ApiClient(client).login("moderator").post("/article-previews", {"text": ARTICLE_TEXT})
    assert_too_many(response)


def test_an_import_refused_for_bad_input_does_not_count(app, client, moderator):
    app.config["IMPORT_LIMIT_PER_MODERATOR"] = "1 per hour"
    login(client, "moderator", Factory.PASSWORD)
    assert client.post("/articles/import", data={"text": "   "}).status_code == 422
    assert client.post("/articles/import", data={"text": ARTICLE_TEXT}).status_code == 200


# Switched off

def test_rate_limits_switched_off_by_ratelimit_enabled_let_everything_through(database_uri):
    app = build_app(database_uri, RATELIMIT_ENABLED=False, LOGIN_LIMIT_PER_ACCOUNT="1 per hour",
                    REGISTER_LIMIT_PER_ADDRESS="1 per hour", NEW_ACCOUNT_POST_INTERVAL_SECONDS=30)
    with app.app_context():
        thread_id = Factory().thread().id
        client = app.test_client()
        for name in ("first", "second"):
            assert register(client, name).status_code == 302
        for _ in range(2):
            assert login(client, "first").status_code == 200
        assert login(client, "first", Factory.PASSWORD).status_code == 302
        for number in range(2):
            assert client.post(f"/threads/{thread_id}/posts", data={"body": f"Answer {number}"}).status_code == 302
    dispose(app)


@pytest.mark.parametrize("setting", ["REPORT_LIMIT_PER_MEMBER", "VOTE_LIMIT_PER_MEMBER"])
def test_a_zero_limit_is_switched_off(app, client, make, member, setting):
    app.config[setting] = "0"
    thread = make.thread()
    targets = [make.post(thread).id for _ in range(3)]
    login(client, "member", Factory.PASSWORD)
    for post_id in targets:
        if setting == "VOTE_LIMIT_PER_MEMBER":
            assert client.post(f"/posts/{post_id}/upvote").status_code == 302
        else:
            assert client.post(f"/posts/{post_id}/report", data={"report-reason": "spam"}).status_code == 302


# Redis unreachable (issue 10, item 4): limits fall back to the database, never a 500

def test_with_redis_unreachable_logins_tokens_and_posts_answer_and_limits_hold(database_uri):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"redis://127.0.0.1:{probe.getsockname()[1]}/0"
    app = build_app(database_uri, RATELIMIT_STORAGE_URI=dead, LOGIN_LIMIT_PER_ACCOUNT="2 per 15 minutes",
                    NEW_ACCOUNT_POST_INTERVAL_SECONDS=30)
    with app.app_context():
        thread_id = Factory().thread().id
        Factory().user("member")
        client = app.test_client()
        health = client.get("/healthz")
        assert health.status_code == 200
        assert (health.json["status"], health.json["redis"]) == ("degraded", "unreachable")
        assert ApiClient(client).post("/tokens", {"username": "member", "password": Factory.PASSWORD}).status_code == 201
        assert login(client, "member", Factory.PASSWORD).status_code == 302
        assert client.post(f"/threads/{thread_id}/posts", data={"body": "First"}).status_code == 302
        assert_too_many(client.post(f"/threads/{thread_id}/posts", data={"body": "Second"}))
        client.post("/logout")
        for _ in range(2):
            assert login(client, "member").status_code == 200
        assert_too_many(login(client, "member", Factory.PASSWORD))
    dispose(app)
