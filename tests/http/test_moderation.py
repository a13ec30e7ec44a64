"""Moderation through the browser's eyes: forms, messages beside fields, queues and the public log."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import ModerationAction, PostState, Report, ReportStatus
from forum.services import moderation, reports

from tests.factories import Factory


@pytest.fixture
def thread(make):
    return make.thread(make.article("Bike lanes", questions=["Would you ride?", "Who pays?"]))


class FormAudit(HTMLParser):
    """Collects what the accessibility and CSP rules care about in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.labels: set[str] = set()
        self.controls: list[str] = []
        self.forms = 0
        self.tokens = 0
        self.inline = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if "style" in attrs or any(name.startswith("on") for name in attrs):
            self.inline.append(tag)
        if tag == "script" and "src" not in attrs:
            self.inline.append(tag)
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if tag == "form" and attrs.get("method") == "post":
            self.forms += 1
        if tag == "input" and (attrs.get("name") or "").endswith("csrf_token"):
            self.tokens += 1
        elif tag in ("input", "textarea", "select") and attrs.get("type") not in ("hidden", "submit"):
            self.controls.append(attrs.get("id", "?"))


def audit(html: str, *, tokens: bool = False) -> FormAudit:
    """Labels and CSP always; CSRF tokens when the app renders them (``csrf_app``)."""
    found = FormAudit()
    found.feed(html)
    unlabeled = [control for control in found.controls if control not in found.labels]
    assert unlabeled == [], f"fields without a <label>: {unlabeled}"
    if tokens:
        assert found.tokens >= found.forms, "a form without a CSRF token"
    assert found.inline == [], f"inline script or style: {found.inline}"
    return found


def test_moderators_see_the_thread_and_post_controls(client, auth, moderator, thread, post):
    auth.login(moderator)
    html = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    for button in ("Lock thread", "Pin thread", "Hide thread", "Set slow mode", "Remove"):
        assert f">{button}</button>" in html
    assert audit(html).forms >= 5


def test_members_see_no_moderator_controls(client, auth, member, thread, post):
    auth.login(member)
    html = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "Lock thread" not in html and ">Remove</button>" not in html


def test_a_locked_thread_says_so_and_takes_no_answers(client, auth, moderator, member, thread):
    auth.login(moderator)
    response = client.post(f"/threads/{thread.id}/lock", data={"thread-reason": "Cooling off"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/threads/{thread.id}")
    assert "Unlock thread" in client.get(response.headers["Location"]).get_data(as_text=True)
    auth.logout()
    auth.login(member)
    html = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "This thread is locked" in html
    assert "Your answer" not in html


def test_locking_twice_explains_instead_of_failing(client, auth, moderator, thread):
    auth.login(moderator)
    client.post(f"/threads/{thread.id}/lock")
    response = client.post(f"/threads/{thread.id}/lock", follow_redirects=True)
    assert response.status_code == 200
    assert "already locked" in response.get_data(as_text=True)


def test_removing_without_a_reason_shows_the_message_beside_the_field(client, auth, moderator, post):
    auth.login(moderator)
    response = client.post(f"/posts/{post.id}/remove", data={f"remove-{post.id}-reason": "  "})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'class="field-error"[^>]*>Give a reason; readers will see it\.', html)
    audit(html)
    assert post.state == PostState.VISIBLE


def test_readers_see_the_reason_in_place_of_a_removed_post(client, auth, moderator, post):
    auth.login(moderator)
    response = client.post(f"/posts/{post.id}/remove", data={f"remove-{post.id}-reason": "Baiting"})
    assert response.headers["Location"].endswith(f"/threads/{post.thread_id}#post-{post.id}")
    assert "The original answer" in client.get(f"/threads/{post.thread_id}").get_data(as_text=True)
    auth.logout()
    html = client.get(f"/threads/{post.thread_id}").get_data(as_text=True)
    assert "Removed by a moderator: Baiting" in html
    assert "The original answer" not in html


def test_restoring_a_removed_post(client, auth, moderator, post):
    moderation.remove_post(moderator, post, reason="Oops")
    auth.login(moderator)
    assert client.post(f"/posts/{post.id}/restore").status_code == 302
    assert post.state == PostState.VISIBLE and post.removal_reason is None


@pytest.mark.parametrize("days, message", [
    ("ten", "Enter a whole number, like 7."),
    ("1.5", "Enter a whole number, like 7."),
    ("", "Enter how many days the suspension lasts."),
    ("0", "Use a whole number of days from 1 to 3650."),
    ("3651", "Use a whole number of days from 1 to 3650."),
    ("99999999999999999999999", "Use a whole number of days from 1 to 3650."),
])
def test_bad_suspension_days_are_explained_beside_the_field(client, auth, moderator, member, days, message):
    auth.login(moderator)
    response = client.post("/u/member/suspend", data={"suspend-days": days, "suspend-reason": "Insults"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'id="suspend-days-error">' + re.escape(message), html)
    audit(html)
    assert not member.is_suspended()


def test_a_suspension_needs_a_reason(client, auth, moderator, member):
    auth.login(moderator)
    response = client.post("/u/member/suspend", data={"suspend-days": "3", "suspend-reason": ""})
    assert response.status_code == 200
    assert 'id="suspend-reason-error">Give a reason; the member will see it.' in response.get_data(as_text=True)


def test_a_suspended_member_sees_why_and_until_when_and_can_still_read(client, auth, moderator, member, thread):
    auth.login(moderator)
    profile = client.get("/u/member").get_data(as_text=True)
    assert ">Suspend</button>" in profile and "<label for=\"suspend-days\">Days</label>" in profile
    audit(profile)
    assert client.post("/u/member/suspend", data={"suspend-days": "7", "suspend-reason": "Insults"}).status_code == 302
    assert "Unsuspend" in client.get("/u/member").get_data(as_text=True)
    auth.logout()
    auth.login(member)
    html = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "Your account is suspended until" in html and "Insults" in html
    assert "Your answer" not in html


def test_moderators_get_no_suspend_form_for_admins(client, auth, moderator, admin):
    auth.login(moderator)
    assert ">Suspend</button>" not in client.get("/u/admin").get_data(as_text=True)


def test_admins_grant_and_revoke_the_moderator_role_on_the_profile(client, auth, admin, member):
    auth.login(admin)
    assert "Make moderator" in client.get("/u/member").get_data(as_text=True)
    client.post("/u/member/grant-moderator")
    assert member.is_moderator
    assert "Revoke moderator role" in client.get("/u/member").get_data(as_text=True)
    client.post("/u/member/revoke-moderator")
    assert not member.is_moderator


def test_the_report_form_has_the_reasons_and_a_send_button(client, auth, member, post):
    auth.login(member)
    html = client.get(f"/posts/{post.id}/report").get_data(as_text=True)
    for reason in ("Spam", "Harassment", "Off-topic", "Other"):
        assert reason in html
    assert "<legend>Reason</legend>" in html and ">Send report</button>" in html
    audit(html)


def test_other_without_details_is_explained_beside_the_field(client, auth, member, post):
    auth.login(member)
    response = client.post(f"/posts/{post.id}/report", data={"report-reason": "other", "report-details": ""})
    assert response.status_code == 200
    assert 'id="report-details-error">Say what is wrong with the post.' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Report.id))) == 0


def test_a_second_open_report_is_refused_politely(client, auth, member, post):
    auth.login(member)
    assert client.post(f"/posts/{post.id}/report", data={"report-reason": "spam"}).status_code == 302
    response = client.post(f"/posts/{post.id}/report", data={"report-reason": "harassment"})
    assert response.status_code == 200
    assert "You have already reported this post" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Report.id))) == 1


def test_an_unknown_reason_is_refused(client, auth, member, post):
    auth.login(member)
    response = client.post(f"/posts/{post.id}/report", data={"report-reason": "boring"})
    assert response.status_code == 200


def test_the_report_queue_groups_reports_by_post_with_context(make, client, auth, moderator, thread, post):
    for name in ("ann", "bob"):
        reports.file_report(make.user(name), post, reason="harassment", details=f"{name} is upset")
    auth.login(moderator)
    html = client.get("/mod/reports").get_data(as_text=True)
    assert "2 reports on post #" in html
    assert "Would you ride?" in html and "The original answer" in html and "ann is upset" in html
    assert "ann</a>" not in html  # reporters stay private
    audit(html)


def test_resolving_with_removal_from_the_queue(make, client, auth, moderator, post):
    report = reports.file_report(make.user("ann"), post, reason="spam")
    auth.login(moderator)
    response = client.post(f"/mod/reports/{report.id}/resolve",
                           data={f"resolve-{report.id}-remove": "y", f"resolve-{report.id}-reason": "Advert"})
    assert response.headers["Location"].endswith("/mod/reports")
    assert report.status == ReportStatus.RESOLVED
    assert post.state == PostState.REMOVED and post.removal_reason == "Advert"
    assert "No open reports" in client.get("/mod/reports").get_data(as_text=True)


def test_resolving_with_removal_needs_a_reason(make, client, auth, moderator, post):
    report = reports.file_report(make.user("ann"), post, reason="spam")
    auth.login(moderator)
    response = client.post(f"/mod/reports/{report.id}/resolve", data={f"resolve-{report.id}-remove": "y"})
    assert response.status_code == 200
    assert report.status == ReportStatus.OPEN and post.state == PostState.VISIBLE


def test_dismissing_from_the_queue(make, client, auth, moderator, post):
    report = reports.file_report(make.user("ann"), post, reason="spam")
    auth.login(moderator)
    client.post(f"/mod/reports/{report.id}/dismiss")
    assert report.status == ReportStatus.DISMISSED and post.state == PostState.VISIBLE


def test_the_approval_queue_approves_and_comes_back(make, client, auth, moderator, thread):
    thread.article.premoderation = True
    db.session.commit()
    pending = make.post(thread, author=make.user("newcomer"), body="Hello, first time here.")
    auth.login(moderator)
    html = client.get("/mod/queue").get_data(as_text=True)
    assert "Hello, first time here." in html and ">Approve</button>" in html and ">Reject</button>" in html
    audit(html)
    response = client.post(f"/posts/{pending.id}/approve", data={f"approve-{pending.id}-next": "/mod/queue"})
    assert response.headers["Location"].endswith("/mod/queue")
    assert pending.state == PostState.VISIBLE
    assert "No posts are waiting" in client.get("/mod/queue").get_data(as_text=True)


def test_article_discussion_closes_reopens_and_switches_premoderation(client, auth, moderator, thread):
    article = thread.article
    auth.login(moderator)
    response = client.post(f"/articles/{article.slug}/close", data={"close-article-reason": "Wrapped up"})
    assert response.headers["Location"].endswith(f"/articles/{article.slug}")
    assert not article.discussion_open
    client.post(f"/articles/{article.slug}/reopen")
    assert article.discussion_open
    client.post(f"/articles/{article.slug}/premoderation")
    assert article.premoderation
    client.post(f"/articles/{article.slug}/premoderation")
    assert not article.premoderation


def test_switching_messages_say_the_state_they_switched_to(client, auth, moderator, thread):
    auth.login(moderator)
    article = thread.article
    on = client.post(f"/articles/{article.slug}/premoderation", follow_redirects=True).get_data(as_text=True)
    assert "Pre-moderation is on." in on
    off = client.post(f"/articles/{article.slug}/premoderation", follow_redirects=True).get_data(as_text=True)
    assert "Pre-moderation is off." in off
    slow = client.post(f"/threads/{thread.id}/slow-mode", data={"slow-mode-seconds": "90"}, follow_redirects=True)
    assert "Slow mode is on: one post every 90 seconds." in slow.get_data(as_text=True)
    fast = client.post(f"/threads/{thread.id}/slow-mode", data={"slow-mode-seconds": "0"}, follow_redirects=True)
    assert "Slow mode is off." in fast.get_data(as_text=True)


def test_slow_mode_with_a_bad_number_is_explained(client, auth, moderator, thread):
    auth.login(moderator)
    response = client.post(f"/threads/{thread.id}/slow-mode", data={"slow-mode-seconds": "-5"})
    assert response.status_code == 200
    assert "slow-mode-seconds-error" in response.get_data(as_text=True)
    client.post(f"/threads/{thread.id}/slow-mode", data={"slow-mode-seconds": "90"})
    assert thread.slow_mode_seconds == 90


def test_the_public_log_hides_who_acted_and_moderators_see_it(client, auth, moderator, thread, post):
    moderation.lock_thread(moderator, thread, reason="Cooling off")
    moderation.remove_post(moderator, post, reason="Baiting")
    html = client.get("/mod/log").get_data(as_text=True)
    assert "Locked thread" in html and "Cooling off" in html and "Removed post" in html and "Baiting" in html
    assert "<td>moderator</td>" not in html and ">Moderator</th>" not in html
    audit(html)
    auth.login(moderator)
    html = client.get("/mod/log").get_data(as_text=True)
    assert "<th scope=\"col\">Moderator</th>" in html and "<td>moderator</td>" in html


def test_the_log_filters_by_action_and_target(client, moderator, make, thread):
    other = make.thread(make.article("Another one"))
    moderation.lock_thread(moderator, thread, reason="reason-one")
    moderation.lock_thread(moderator, other, reason="reason-two")
    moderation.pin_thread(moderator, thread, reason="reason-three")
    html = client.get("/mod/log?action=lock-thread").get_data(as_text=True)
    assert "reason-one" in html and "reason-two" in html and "reason-three" not in html
    html = client.get(f"/mod/log?target=thread:{thread.id}").get_data(as_text=True)
    assert "reason-one" in html and "reason-three" in html and "reason-two" not in html
    assert client.get("/mod/log?target=nonsense&page=-3").status_code == 200


def test_the_log_runs_as_many_queries_for_200_entries_as_for_10(client, auth, moderator, make, count_queries):
    thread = make.thread()
    auth.login(moderator)

    def queries_for_log_with(entries: int) -> int:
        while db.session.scalar(select(func.count(ModerationAction.id))) < entries:
            toggle = moderation.unlock_thread if thread.locked else moderation.lock_thread
            toggle(moderator, thread)
        with count_queries() as counter:
            assert client.get("/mod/log").status_code == 200
        return len(counter)

    assert queries_for_log_with(10) == queries_for_log_with(200)


def test_moderators_find_reports_and_queue_in_the_nav_and_everyone_the_log(client, auth, member, moderator):
    assert 'href="/mod/log">Moderation log' in client.get("/").get_data(as_text=True)
    auth.login(member)
    assert 'href="/mod/reports"' not in client.get("/").get_data(as_text=True)
    auth.logout()
    auth.login(moderator)
    html = client.get("/").get_data(as_text=True)
    assert 'href="/mod/reports">Reports' in html and 'href="/mod/queue">Queue' in html


def csrf_login(client, name: str) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"identifier": name, "password": Factory.PASSWORD, "csrf_token": token})


def test_every_moderation_form_carries_a_csrf_token(csrf_app, make):
    make.user("moderator", role="moderator")
    thread = make.thread()
    post = make.post(thread, author=make.user("author"))
    reports.file_report(make.user("ann"), post, reason="spam")
    client = csrf_app.test_client()
    csrf_login(client, "ann")
    assert audit(client.get(f"/posts/{post.id}/report").get_data(as_text=True), tokens=True).forms == 2
    client.post("/logout", data={"csrf_token": re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)})
    csrf_login(client, "moderator")
    for url in (f"/threads/{thread.id}", "/u/author", "/mod/reports", "/mod/queue", "/mod/log"):
        audit(client.get(url).get_data(as_text=True), tokens=True)


def test_moderator_forms_refuse_a_missing_csrf_token(csrf_app, make):
    make.user("moderator", role="moderator")
    thread = make.thread()
    client = csrf_app.test_client()
    csrf_login(client, "moderator")
    assert client.post(f"/threads/{thread.id}/lock").status_code == 400
    assert not thread.locked


def test_the_article_page_offers_moderators_close_and_premoderation(client, auth, moderator, member, thread):
    slug = thread.article.slug
    auth.login(moderator)
    html = client.get(f"/articles/{slug}").get_data(as_text=True)
    assert ">Close discussion</button>" in html and ">Turn on pre-moderation</button>" in html
    audit(html)
    client.post(f"/articles/{slug}/close")
    assert ">Reopen discussion</button>" in client.get(f"/articles/{slug}").get_data(as_text=True)
    auth.logout()
    auth.login(member)
    assert "Reopen discussion" not in client.get(f"/articles/{slug}").get_data(as_text=True)


@pytest.mark.parametrize("url", [
    "/mod/log?page=99999999999999999999", "/mod/log?target=post:99999999999999999999999",
    "/mod/log?target=thread:x&action=nonsense", "/mod/reports?page=99999999999999999999",
    "/mod/queue?page=99999999999999999999",
])
def test_absurd_addresses_get_a_page_not_a_server_error(client, auth, moderator, url):
    auth.login(moderator)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/posts/99999999999999999999/remove", "/threads/99999999999999999999/lock",
                                 "/mod/reports/99999999999999999999/resolve", "/u/nobody/suspend"])
def test_moderating_what_does_not_exist_is_404(client, auth, moderator, url):
    auth.login(moderator)
    assert client.post(url).status_code == 404


def test_reporting_a_post_that_does_not_exist_is_404(client, auth, member):
    auth.login(member)
    assert client.get("/posts/99999999999999999999/report").status_code == 404
    assert client.get("/posts/12345/report").status_code == 404


def test_the_report_queue_runs_as_many_queries_for_20_reported_posts_as_for_2(
        client, auth, make, moderator, thread, count_queries):
    reporters = [make.user(f"reporter{n}") for n in range(2)]
    auth.login(moderator)

    def queries_for_queue_with(reported: int) -> int:
        while reports.open_report_count() < reported * 2:
            post = make.post(thread, parent=None, body=f"Reported post {reports.open_report_count()}")
            reply = make.post(thread, parent=post, body=f"Reported reply {reports.open_report_count()}")
            for reporter in reporters:
                make.report(reply, reporter=reporter)
        with count_queries() as counter:
            assert client.get("/mod/reports").status_code == 200
        return len(counter)

    assert queries_for_queue_with(2) == queries_for_queue_with(20)
