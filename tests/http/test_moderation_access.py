"""Every moderator endpoint, as every kind of person: only moderators (and admins) get through,
and a refused request leaves the database exactly as it was."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import PostState, utcnow

ROLES = ["visitor", "member", "author", "suspended", "moderator", "admin"]


@pytest.fixture
def world(make, member, moderator, admin) -> SimpleNamespace:
    article = make.article("Closing time", questions=["Who decides?", "Why now?"])
    thread = make.thread(article)
    author = make.user("author")
    post = make.post(thread, author=author, body="A post someone will object to.")
    report = make.report(post, reporter=make.user("reporter"))
    return SimpleNamespace(article=article, thread=thread, author=author, post=post, report=report,
                           member=member, moderator=moderator, admin=admin,
                           suspended=make.user("muted", suspended_days=3), make=make)


def given(thing, **state) -> None:
    """Put ``thing`` in the state an action needs, e.g. a locked thread before "unlock"."""
    for name, value in state.items():
        setattr(thing, name, value)
    db.session.commit()


# Each endpoint case prepares what its action needs and answers (method, URL, form data).
def lock(w):
    return "post", f"/threads/{w.thread.id}/lock", {"thread-reason": "Cooling off"}


def unlock(w):
    given(w.thread, locked=True)
    return "post", f"/threads/{w.thread.id}/unlock", {}


def pin(w):
    return "post", f"/threads/{w.thread.id}/pin", {}


def unpin(w):
    given(w.thread, pinned=True)
    return "post", f"/threads/{w.thread.id}/unpin", {}


def hide(w):
    return "post", f"/threads/{w.thread.id}/hide", {"thread-reason": "Derailed"}


def unhide(w):
    given(w.thread, hidden=True)
    return "post", f"/threads/{w.thread.id}/unhide", {}


def slow_mode(w):
    return "post", f"/threads/{w.thread.id}/slow-mode", {"slow-mode-seconds": "60"}


def start_contest(w):
    return "post", f"/threads/{w.thread.id}/start-contest", {"thread-reason": "Blind round"}


def end_contest(w):
    given(w.thread, contest_mode=True)
    return "post", f"/threads/{w.thread.id}/end-contest", {}


def end_heat(w):
    given(w.thread, heat_until=utcnow() + timedelta(minutes=30), heat_reason="31 posts in 10 minutes")
    return "post", f"/threads/{w.thread.id}/end-heat", {}


def extend_heat(w):
    given(w.thread, heat_until=utcnow() + timedelta(minutes=30), heat_reason="31 posts in 10 minutes")
    return "post", f"/threads/{w.thread.id}/extend-heat", {"thread-reason": "Still boiling"}


def close(w):
    return "post", f"/articles/{w.article.slug}/close", {"close-article-reason": "Done"}


def reopen(w):
    given(w.article, discussion_open=False)
    return "post", f"/articles/{w.article.slug}/reopen", {}


def premoderation(w):
    return "post", f"/articles/{w.article.slug}/premoderation", {}


def remove(w):
    return "post", f"/posts/{w.post.id}/remove", {f"remove-{w.post.id}-reason": "Spam"}


def restore(w):
    given(w.post, state=PostState.REMOVED, removal_reason="Spam")
    return "post", f"/posts/{w.post.id}/restore", {}


def approve(w):
    given(w.post, state=PostState.PENDING)
    return "post", f"/posts/{w.post.id}/approve", {}


def reject(w):
    given(w.post, state=PostState.PENDING)
    return "post", f"/posts/{w.post.id}/reject", {f"reject-{w.post.id}-reason": "Off topic"}


def feature(w):
    return "post", f"/posts/{w.post.id}/feature", {}


def unfeature(w):
    given(w.post, featured_at=utcnow())
    return "post", f"/posts/{w.post.id}/unfeature", {}


def report_queue(w):
    return "get", "/mod/reports", None


def approval_queue(w):
    return "get", "/mod/queue", None


def resolve(w):
    prefix = f"resolve-{w.report.id}"
    return "post", f"/mod/reports/{w.report.id}/resolve", {f"{prefix}-remove": "y", f"{prefix}-reason": "Spam"}


def dismiss(w):
    return "post", f"/mod/reports/{w.report.id}/dismiss", {}


def suspend(w):
    return "post", "/u/author/suspend", {"suspend-days": "3", "suspend-reason": "Insults"}


def unsuspend(w):
    given(w.author, suspended_until=utcnow() + timedelta(days=2), suspension_reason="Insults")
    return "post", "/u/author/unsuspend", {}


def grant_moderator(w):
    return "post", "/u/author/grant-moderator", {}


def revoke_moderator(w):
    w.make.user("helper", role="moderator")
    return "post", "/u/helper/revoke-moderator", {}


def delete_article(w):
    return "post", f"/articles/{w.article.slug}/delete", {"delete-article-reason": "Imported twice"}


def restore_article(w):
    given(w.article, deleted_at=utcnow())
    return "post", f"/articles/{w.article.slug}/restore", {}


MODERATOR_ENDPOINTS: list[Callable] = [
    lock, unlock, pin, unpin, hide, unhide, slow_mode, start_contest, end_contest, end_heat, extend_heat,
    close, reopen, premoderation,
    remove, restore, approve, reject, feature, unfeature, report_queue, approval_queue, resolve, dismiss, suspend, unsuspend,
]
ADMIN_ENDPOINTS: list[Callable] = [grant_moderator, revoke_moderator, delete_article, restore_article]


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table: a refused request must leave all of it alone."""
    db.session.expire_all()
    return {table.name: sorted((tuple(row) for row in db.session.execute(select(table))), key=repr)
            for table in db.metadata.sorted_tables}


def act_as(role: str, w: SimpleNamespace, client, auth, endpoint: Callable):
    if role != "visitor":
        auth.login(getattr(w, role))
    method, url, data = endpoint(w)
    before = snapshot()
    response = getattr(client, method)(url, data=data)
    return response, before


def assert_refused(response, role: str, before) -> None:
    if role == "visitor":
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
    else:
        assert response.status_code == 403
    assert snapshot() == before


def assert_done(response) -> None:
    assert response.status_code in (200, 302), response.get_data(as_text=True)[:500]
    if response.status_code == 302:
        assert "/login" not in response.headers["Location"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", MODERATOR_ENDPOINTS, ids=lambda f: f.__name__)
def test_only_moderators_and_admins_use_moderator_endpoints(role, endpoint, world, client, auth):
    response, before = act_as(role, world, client, auth, endpoint)
    if role in ("moderator", "admin"):
        assert_done(response)
        if endpoint not in (report_queue, approval_queue):
            assert snapshot() != before
    else:
        assert_refused(response, role, before)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ADMIN_ENDPOINTS, ids=lambda f: f.__name__)
def test_only_admins_change_roles(role, endpoint, world, client, auth):
    response, before = act_as(role, world, client, auth, endpoint)
    if role == "admin":
        assert_done(response)
        assert snapshot() != before
    else:
        assert_refused(response, role, before)


@pytest.mark.parametrize("role", ["member", "author", "suspended", "moderator"])
def test_a_moderator_cannot_suspend_an_admin(role, world, client, auth):
    auth.login(getattr(world, role))
    before = snapshot()
    response = client.post("/u/admin/suspend", data={"suspend-days": "3", "suspend-reason": "Power trip"})
    assert response.status_code == 403
    assert snapshot() == before


def test_a_moderator_cannot_suspend_themselves(world, client, auth):
    auth.login(world.moderator)
    before = snapshot()
    response = client.post("/u/moderator/suspend", data={"suspend-days": "3", "suspend-reason": "Tired"})
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("role, status", [("visitor", 302), ("author", 403), ("suspended", 403), ("member", 200)])
def test_who_may_open_the_report_form(role, status, world, client, auth):
    if role != "visitor":
        auth.login(getattr(world, role))
    before = snapshot()
    assert client.get(f"/posts/{world.post.id}/report").status_code == status
    response = client.post(f"/posts/{world.post.id}/report", data={"report-reason": "spam"})
    if status != 200:
        assert response.status_code == status
        assert snapshot() == before
    else:
        assert response.status_code == 302
