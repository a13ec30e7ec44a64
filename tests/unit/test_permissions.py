"""The pure permission predicates."""

from __future__ import annotations

from flask_login import AnonymousUserMixin

from forum import permissions


def test_a_suspended_moderator_cannot_moderate(make):
    moderator = make.user(role="moderator", suspended_days=3)
    assert not permissions.can_moderate(moderator)
    assert not permissions.can_participate(moderator)


def test_visitors_can_do_nothing_but_read(make):
    thread = make.thread()
    visitor = AnonymousUserMixin()
    assert permissions.can_see_thread(visitor, thread)
    assert not permissions.can_post_in(visitor, thread)
    assert not permissions.can_moderate(visitor)


def test_moderators_cannot_suspend_admins_or_themselves(make):
    moderator = make.user(role="moderator")
    admin = make.user(role="admin")
    member = make.user()
    assert permissions.can_suspend(moderator, member)
    assert not permissions.can_suspend(moderator, admin)
    assert not permissions.can_suspend(moderator, moderator)


def test_only_admins_change_roles(make):
    moderator, admin, member = make.user(role="moderator"), make.user(role="admin"), make.user()
    assert permissions.can_set_role(admin, member)
    assert not permissions.can_set_role(moderator, member)
    assert not permissions.can_set_role(admin, admin)


def test_a_locked_or_closed_thread_takes_no_posts(make):
    member = make.user()
    assert not permissions.can_post_in(member, make.thread(locked=True))
    closed = make.article(questions=["Closed?"])
    closed.discussion_open = False
    assert not permissions.can_post_in(member, make.thread(closed))
