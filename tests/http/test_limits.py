"""Every bound in forum.limits is the same in the HTML form, the API and the service, in the same words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

import pytest

from forum import limits
from forum.errors import Invalid
from forum.models import ApiToken, ModerationAction, Post, Report, Thread
from forum.services import moderation, posts, reports, threads, tokens, users
from tests.http.api_client import ApiClient


@dataclass(frozen=True)
class Bound:
    """One limit reached three ways: ``html`` and ``api`` answer a response, ``service`` may raise."""

    limit: int
    message: str
    html: Callable  # (client, world, value) -> response
    api: Callable  # (api, world, value) -> response
    service: Callable  # (world, value) -> None
    written: Callable  # (world) -> int: rows that a write through any of the three adds
    documented: tuple[str, str, str]  # where the OpenAPI document states it: schema, property, keyword
    value: Callable[[int], object] = lambda n: "x" * n  # noqa: E731 (the input of size n)


BOUNDS = {
    "post body": Bound(
        limits.POST_BODY_MAX, limits.too_long("your post", limits.POST_BODY_MAX),
        html=lambda client, w, v: client.post(f"/threads/{w['thread'].id}/posts", data={"body": v}),
        # reversed: the HTML and API posts are the same member's, and a repeated text is refused
        api=lambda api, w, v: api.post(f"/threads/{w['thread'].id}/posts", {"body": v[::-1]}),
        service=lambda w, v: posts.create_post(w["member"], w["thread"], body=v),
        written=lambda w: Post.query.count(),
        documented=("PostInput", "body", "maxLength"),
        value=lambda n: "ab" * (n // 2) + "c" * (n % 2)),
    "thread title": Bound(
        limits.THREAD_TITLE_MAX, limits.too_long("the title", limits.THREAD_TITLE_MAX),
        html=lambda client, w, v: client.post(f"/articles/{w['article'].slug}/threads/new",
                                              data={"title": v, "body": "Details."}),
        api=lambda api, w, v: api.post(f"/articles/{w['article'].slug}/threads", {"title": v, "body": "Details!"}),
        service=lambda w, v: threads.start_thread(w["member"], w["article"], title=v, body="Details?"),
        written=lambda w: Thread.query.count(),
        documented=("ThreadInput", "title", "maxLength")),
    "moderation reason": Bound(
        limits.REASON_MAX, limits.too_long("the reason", limits.REASON_MAX),
        html=lambda client, w, v: client.post(f"/threads/{w['thread'].id}/pin", data={"thread-reason": v}),
        api=lambda api, w, v: api.post(f"/threads/{w['thread'].id}/lock", {"reason": v}),
        service=lambda w, v: moderation.hide_thread(w["moderator"], w["thread"], reason=v),
        written=lambda w: ModerationAction.query.count(),
        documented=("ReasonInput", "reason", "maxLength")),
    "report details": Bound(
        limits.REPORT_DETAILS_MAX, limits.too_long("the details", limits.REPORT_DETAILS_MAX),
        html=lambda client, w, v: client.post(f"/posts/{w['posts'][0].id}/report",
                                              data={"report-reason": "other", "report-details": v}),
        api=lambda api, w, v: api.post(f"/posts/{w['posts'][1].id}/reports", {"reason": "other", "details": v}),
        service=lambda w, v: reports.file_report(w["moderator"], w["posts"][2], reason="other", details=v),
        written=lambda w: Report.query.count(),
        documented=("ReportInput", "details", "maxLength")),
    "token name": Bound(
        limits.TOKEN_NAME_MAX, limits.too_long("the name", limits.TOKEN_NAME_MAX),
        html=lambda client, w, v: client.post("/settings/tokens", data={"name": v}),
        api=lambda api, w, v: api.post("/tokens", {"username": "moderator", "password": w["password"], "name": v}),
        service=lambda w, v: tokens.issue_token(w["moderator"], name=v),
        written=lambda w: ApiToken.query.count(),
        documented=("TokenInput", "name", "maxLength")),
    "suspension days": Bound(
        limits.SUSPENSION_DAYS_MAX,
        limits.out_of_range("days", limits.SUSPENSION_DAYS_MIN, limits.SUSPENSION_DAYS_MAX),
        html=lambda client, w, v: client.post(f"/u/{w['targets'][0].username}/suspend",
                                              data={"suspend-days": str(v), "suspend-reason": "Spam"}),
        api=lambda api, w, v: api.post(f"/users/{w['targets'][1].username}/suspend", {"days": v, "reason": "Spam"}),
        service=lambda w, v: users.suspend_user(w["moderator"], w["targets"][2], days=v, reason="Spam"),
        written=lambda w: sum(1 for user in w["targets"] if user.suspended_until is not None),
        documented=("SuspendInput", "days", "maximum"),
        value=lambda n: n),
}


@pytest.fixture
def world(make, moderator, member):
    article = make.article("Bounds", questions=["Where are the edges?"])
    thread = make.thread(article)
    authors = [make.user() for _ in range(3)]
    return {"article": article, "thread": thread, "member": member, "moderator": moderator,
            "password": make.PASSWORD, "posts": [make.post(thread, author=a) for a in authors],
            "targets": authors}


@pytest.mark.parametrize("name", BOUNDS)
def test_the_form_the_api_and_the_service_refuse_one_past_the_limit_in_the_same_words(
        name, client, auth, world, moderator):
    bound = BOUNDS[name]
    too_much = bound.value(bound.limit + 1)
    api = ApiClient(client).login("moderator")
    auth.login(moderator)
    before = bound.written(world)

    page = bound.html(client, world, too_much)
    if page.status_code == 302:  # a form that flashes its error on the page it returns to
        page = client.get(page.location)
    assert escape(bound.message) in page.get_data(as_text=True)
    answer = bound.api(api, world, too_much)
    assert answer.status_code == 422 and bound.message in str(answer.json["error"]["fields"])
    with pytest.raises(Invalid, match=bound.message):
        bound.service(world, too_much)
    assert bound.written(world) == before


@pytest.mark.parametrize("name", BOUNDS)
def test_the_form_the_api_and_the_service_accept_the_limit_itself(name, client, auth, world, moderator):
    bound = BOUNDS[name]
    api = ApiClient(client).login("moderator")
    auth.login(moderator)
    before = bound.written(world)

    assert bound.html(client, world, bound.value(bound.limit)).status_code in (200, 302)
    assert bound.api(api, world, bound.value(bound.limit)).status_code in (200, 201)
    bound.service(world, bound.value(bound.limit))
    assert bound.written(world) == before + 3


@pytest.mark.parametrize("name", BOUNDS)
def test_the_api_document_states_each_limit(name, client):
    schema, prop, keyword = BOUNDS[name].documented
    document = client.get("/api/v1/openapi.json").json
    assert document["components"]["schemas"][schema]["properties"][prop][keyword] == BOUNDS[name].limit
