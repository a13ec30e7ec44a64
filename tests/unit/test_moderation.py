"""Moderation services: thread, article and post actions, reports, suspensions, roles and the log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.errors import Conflict, Invalid, NotAllowed
from forum.extensions import db
from forum.models import ModerationAction, Post, PostState, Report, ReportStatus, Thread, utcnow
from forum.services import articles, moderation, moderation_log, reports, users


def log_rows() -> list[tuple[str, str, str]]:
    return [(row.action, row.target_type, row.reason)
            for row in db.session.scalars(select(ModerationAction).order_by(ModerationAction.id))]


def post_snapshot(post: Post) -> dict:
    db.session.refresh(post)
    return {name: getattr(post, name) for name in ("body", "body_html", "state", "removal_reason", "parent_id",
                                                    "score", "reply_count", "author_id", "thread_id")}


def counts(post: Post) -> tuple[int, int, int]:
    db.session.expire_all()
    return post.thread.post_count, post.thread.article.post_count, post.author.post_count


@pytest.fixture
def pending_post(make, thread):
    thread.article.premoderation = True
    db.session.commit()
    return make.post(thread, author=make.user("newcomer"), body="My very first post.")


# Threads and articles


def test_locking_a_thread_logs_the_action_with_its_reason(moderator, thread):
    moderation.lock_thread(moderator, thread, reason="Going in circles")
    assert thread.locked
    assert log_rows() == [("lock-thread", "thread", "Going in circles")]
    moderation.unlock_thread(moderator, thread)
    assert not thread.locked
    assert log_rows()[-1] == ("unlock-thread", "thread", "")


def test_members_cannot_lock_pin_or_hide_threads(member, thread):
    for action in (moderation.lock_thread, moderation.pin_thread, moderation.hide_thread):
        with pytest.raises(NotAllowed):
            action(member, thread)
    db.session.rollback()
    assert (thread.locked, thread.pinned, thread.hidden) == (False, False, False)
    assert log_rows() == []


def test_locking_a_locked_thread_is_a_conflict(moderator, thread):
    moderation.lock_thread(moderator, thread)
    with pytest.raises(Conflict):
        moderation.lock_thread(moderator, thread)
    assert len(log_rows()) == 1


def test_hiding_and_unhiding_keeps_the_thread_and_its_posts(make, moderator, thread, post):
    before = post_snapshot(post)
    moderation.hide_thread(moderator, thread, reason="Off the rails")
    assert db.session.get(Thread, thread.id).hidden
    moderation.unhide_thread(moderator, thread)
    assert not thread.hidden
    assert post_snapshot(post) == before


def test_pinning_a_thread(moderator, thread):
    moderation.pin_thread(moderator, thread)
    assert thread.pinned
    moderation.unpin_thread(moderator, thread)
    assert not thread.pinned


@pytest.mark.parametrize("seconds", [-1, 86_401])
def test_slow_mode_outside_its_range_is_invalid(moderator, thread, seconds):
    with pytest.raises(Invalid) as raised:
        moderation.set_slow_mode(moderator, thread, seconds=seconds)
    assert raised.value.field == "seconds"


def test_slow_mode_is_set_and_turned_off(moderator, thread):
    moderation.set_slow_mode(moderator, thread, seconds=120, reason="Heated")
    assert thread.slow_mode_seconds == 120
    moderation.set_slow_mode(moderator, thread, seconds=0)
    assert thread.slow_mode_seconds == 0
    assert [row[:1] for row in log_rows()] == [("slow-mode-on",), ("slow-mode-off",)]
    assert log_rows()[0][2] == "120 seconds: Heated"


def test_closing_and_reopening_an_article_keeps_every_thread_and_post(moderator, thread, post):
    article = thread.article
    before = post_snapshot(post)
    articles.set_discussion_open(moderator, article, is_open=False, reason="Enough said")
    assert not article.discussion_open
    assert db.session.get(Thread, thread.id) is not None
    articles.set_discussion_open(moderator, article, is_open=True)
    assert article.discussion_open
    assert post_snapshot(post) == before


def test_premoderation_switches_on_and_off(moderator, thread):
    moderation.set_premoderation(moderator, thread.article, enabled=True)
    assert thread.article.premoderation
    with pytest.raises(Conflict):
        moderation.set_premoderation(moderator, thread.article, enabled=True)
    moderation.set_premoderation(moderator, thread.article, enabled=False)
    assert not thread.article.premoderation


# Posts


def test_removing_needs_a_reason(moderator, post):
    with pytest.raises(Invalid) as raised:
        moderation.remove_post(moderator, post, reason="   ")
    assert raised.value.field == "reason"
    db.session.rollback()
    assert post.state == PostState.VISIBLE


def test_removing_keeps_the_row_and_restoring_brings_back_exactly_what_was_there(make, moderator, post):
    reply = make.post(post.thread, parent=post, body="A reply that stays.")
    before, counted = post_snapshot(post), counts(post)
    moderation.remove_post(moderator, post, reason="Personal attack")
    removed = db.session.get(Post, post.id)
    assert removed.state == PostState.REMOVED
    assert removed.removal_reason == "Personal attack"
    assert removed.body == before["body"]
    assert db.session.get(Post, reply.id).state == PostState.VISIBLE
    moderation.restore_post(moderator, post)
    assert post_snapshot(post) == before
    assert counts(post) == counted


def test_a_removed_post_leaves_the_counts_until_restored(moderator, post):
    thread_count, article_count, author_count = counts(post)
    moderation.remove_post(moderator, post, reason="Spam")
    assert counts(post) == (thread_count - 1, article_count - 1, author_count - 1)


def test_members_cannot_remove_posts(member, post):
    with pytest.raises(NotAllowed):
        moderation.remove_post(member, post, reason="I disagree")


def test_only_removed_posts_can_be_restored(moderator, post):
    with pytest.raises(NotAllowed):
        moderation.restore_post(moderator, post)


def test_approving_a_pending_post_publishes_and_counts_it(moderator, pending_post):
    assert pending_post.state == PostState.PENDING
    thread_count, article_count, author_count = counts(pending_post)
    assert moderation.pending_posts(moderator) == ([pending_post], False)
    moderation.approve_post(moderator, pending_post)
    assert pending_post.state == PostState.VISIBLE
    assert counts(pending_post) == (thread_count + 1, article_count + 1, author_count + 1)
    assert moderation.pending_posts(moderator) == ([], False)


def test_a_rejected_post_restored_goes_back_to_the_queue(moderator, pending_post):
    counted = counts(pending_post)
    moderation.reject_post(moderator, pending_post)
    assert pending_post.state == PostState.REMOVED
    assert pending_post.removal_reason == moderation.REJECTED_REASON
    moderation.restore_post(moderator, pending_post)
    assert pending_post.state == PostState.PENDING
    assert counts(pending_post) == counted


def test_visible_posts_cannot_be_approved(moderator, post):
    with pytest.raises(NotAllowed):
        moderation.approve_post(moderator, post)


# Reports


def test_a_member_reports_a_post_once_while_the_report_is_open(member, post):
    report = reports.file_report(member, post, reason="spam")
    assert report.status == ReportStatus.OPEN
    with pytest.raises(Conflict):
        reports.file_report(member, post, reason="harassment")


def test_other_needs_details_and_unknown_reasons_are_refused(member, post):
    with pytest.raises(Invalid) as raised:
        reports.file_report(member, post, reason="other", details=" ")
    assert raised.value.field == "details"
    with pytest.raises(Invalid) as raised:
        reports.file_report(member, post, reason="boring")
    assert raised.value.field == "reason"
    assert reports.file_report(member, post, reason="other", details="Copied from elsewhere").details


def test_authors_and_suspended_members_cannot_report(make, post):
    with pytest.raises(NotAllowed):
        reports.file_report(post.author, post, reason="spam")
    with pytest.raises(NotAllowed):
        reports.file_report(make.user("muted", suspended_days=3), post, reason="spam")


def test_resolving_with_removal_closes_every_open_report_on_the_post(make, moderator, post):
    first = reports.file_report(make.user("ann"), post, reason="spam")
    reports.file_report(make.user("bob"), post, reason="off-topic")
    reports.resolve_report(moderator, first, remove=True, reason="Advertising")
    statuses = set(db.session.scalars(select(Report.status)))
    assert statuses == {ReportStatus.RESOLVED}
    assert post.state == PostState.REMOVED
    assert log_rows() == [("remove-post", "post", "Advertising")]
    with pytest.raises(Conflict):
        reports.dismiss_report(moderator, first)


def test_dismissing_leaves_the_post_alone(make, moderator, post):
    report = reports.file_report(make.user("ann"), post, reason="spam")
    reports.dismiss_report(moderator, report)
    assert report.status == ReportStatus.DISMISSED
    assert report.handled_by_id == moderator.id
    assert post.state == PostState.VISIBLE
    # A member may report again once the earlier report is handled.
    assert reports.file_report(report.reporter, post, reason="harassment").status == ReportStatus.OPEN


def test_report_groups_come_most_reported_first_with_the_parent(make, moderator, thread, post):
    reply = make.post(thread, parent=post, body="A reply many dislike.")
    reports.file_report(make.user("ann"), post, reason="spam")
    for name in ("bob", "cyd"):
        reports.file_report(make.user(name), reply, reason="harassment")
    groups, has_more = reports.open_report_groups(moderator)
    assert [(g.post.id, len(g.reports)) for g in groups] == [(reply.id, 2), (post.id, 1)]
    assert groups[0].parent.id == post.id and groups[1].parent is None
    assert not has_more
    assert reports.open_report_count() == 3


def test_members_cannot_see_the_report_queue(member):
    with pytest.raises(NotAllowed):
        reports.open_report_groups(member)


# Members


def test_a_suspension_has_a_duration_and_a_reason_and_ends_sessions(moderator, member):
    generation = member.session_generation
    users.suspend_user(moderator, member, days=7, reason="Repeated insults")
    assert member.is_suspended()
    assert member.suspension_reason == "Repeated insults"
    assert member.session_generation == generation + 1
    assert member.is_suspended(utcnow() + timedelta(days=6, hours=23))
    assert not member.is_suspended(utcnow() + timedelta(days=7, minutes=1))
    assert log_rows() == [("suspend-user", "user", "7 days: Repeated insults")]


@pytest.mark.parametrize("days", [0, -3, 3651])
def test_suspension_days_out_of_range_are_invalid(moderator, member, days):
    with pytest.raises(Invalid) as raised:
        users.suspend_user(moderator, member, days=days, reason="Because")
    assert raised.value.field == "days"


def test_a_suspension_needs_a_reason(moderator, member):
    with pytest.raises(Invalid) as raised:
        users.suspend_user(moderator, member, days=3, reason="")
    assert raised.value.field == "reason"


def test_moderators_cannot_suspend_admins_or_themselves(moderator, admin):
    for target in (admin, moderator):
        with pytest.raises(NotAllowed):
            users.suspend_user(moderator, target, days=1, reason="Nope")


def test_unsuspending_ends_the_suspension_early(moderator, make):
    muted = make.user("muted", suspended_days=30)
    users.unsuspend_user(moderator, muted, reason="Apologised")
    assert not muted.is_suspended()
    with pytest.raises(Conflict):
        users.unsuspend_user(moderator, muted)


def test_only_admins_grant_and_revoke_the_moderator_role(admin, moderator, member):
    with pytest.raises(NotAllowed):
        users.grant_moderator(moderator, member)
    users.grant_moderator(admin, member)
    assert member.is_moderator
    users.revoke_moderator(admin, member)
    assert not member.is_moderator
    with pytest.raises(Conflict):
        users.revoke_moderator(admin, member)


# The log


def test_the_log_filters_by_action_and_by_target(moderator, make):
    first, second = make.thread(), make.thread()
    moderation.lock_thread(moderator, first)
    moderation.pin_thread(moderator, first)
    moderation.lock_thread(moderator, second)
    by_action = moderation_log.log_entries(None, action="lock-thread").entries
    assert [e.target_id for e in by_action] == [second.id, first.id]
    by_target = moderation_log.log_entries(None, target_type="thread", target_id=first.id).entries
    assert [e.action for e in by_target] == ["pin-thread", "lock-thread"]
    assert moderation_log.log_entries(None, action="no-such-action").entries == []


def test_log_rows_are_never_deleted_by_later_actions(moderator, thread):
    moderation.lock_thread(moderator, thread)
    moderation.unlock_thread(moderator, thread)
    assert db.session.scalar(select(func.count(ModerationAction.id))) == 2
