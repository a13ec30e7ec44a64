"""Notifications: who hears of a new post, follows, mentions, moderation notices and their emails."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.errors import NotFound
from forum.extensions import db
from forum.models import Notification, NotificationKind, PostState
from forum.services import follows, moderation, notification_groups, notifications, threads, users
from forum.services.mail import EXTENSION_KEY
from tests.factories import Factory


def notes_of(user) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.recipient_id == user.id)))


def test_a_reply_notifies_the_parent_author_once(make, thread):
    alice, bob = make.user("alice"), make.user("bob")
    post = make.post(thread, author=alice)
    reply = make.post(thread, author=bob, parent=post, body="I disagree.")
    [note] = notes_of(alice)
    assert (note.kind, note.post_id, note.actor_id) == (NotificationKind.REPLY, reply.id, bob.id)
    assert note.message == f"bob replied to your post in “{thread.title}”"
    assert notes_of(bob) == []


def test_a_mention_notifies_the_member_named_and_links_the_profile(make, thread):
    alice, bob = make.user("alice"), make.user("bob")
    post = make.post(thread, author=bob, body="What do you think, @Alice? And @nobody, and `@alice` in code.")
    [note] = notes_of(alice)
    assert note.kind == NotificationKind.MENTION
    assert '<a class="mention" href="/u/alice">@Alice</a>' in post.body_html
    assert "<code>@alice</code>" in post.body_html
    assert "@nobody" in post.body_html and 'href="/u/nobody"' not in post.body_html


def test_a_post_in_a_followed_thread_notifies_the_followers(make, thread):
    alice, bob = make.user("alice"), make.user("bob")
    follows.follow_thread(alice, thread)
    make.post(thread, author=bob)
    [note] = notes_of(alice)
    assert note.kind == NotificationKind.FOLLOWED_THREAD


def test_one_notification_per_person_even_when_several_reasons_apply(make, thread):
    alice, bob = make.user("alice"), make.user("bob")
    post = make.post(thread, author=alice)  # alice now follows the thread she posted in
    make.post(thread, author=bob, parent=post, body="Right, @alice?")
    [note] = notes_of(alice)
    assert note.kind == NotificationKind.REPLY


def test_nobody_is_notified_of_their_own_post(make, thread):
    alice = make.user("alice")
    post = make.post(thread, author=alice)
    make.post(thread, author=alice, parent=post, body="And I, @alice, add this.")
    assert notes_of(alice) == []


def test_posting_follows_the_thread_unless_switched_off(make, thread):
    alice, bob = make.user("alice"), make.user("bob")
    notifications.set_preferences(bob, follow_replied_threads=False)
    make.post(thread, author=alice)
    make.post(thread, author=bob)
    assert follows.is_following(alice, thread)
    assert not follows.is_following(bob, thread)


def test_starting_a_thread_follows_it_unless_switched_off(make, app):
    article = make.article()
    alice, bob = make.user("alice"), make.user("bob")
    notifications.set_preferences(bob, follow_own_threads=False)
    own = threads.start_thread(alice, article, title="Mine?", body="Mine.")
    other = threads.start_thread(bob, article, title="His?", body="His.")
    assert follows.is_following(alice, own)
    assert not follows.is_following(bob, other)


def test_members_who_cannot_see_a_hidden_thread_hear_nothing_of_it(make, moderator):
    thread = make.thread()
    alice = make.user("alice")
    follows.follow_thread(alice, thread)
    thread.hidden = True
    db.session.commit()
    make.post(thread, author=moderator, body="Cleaning up, @alice.")
    assert notes_of(alice) == []


def test_marking_all_read_zeroes_the_unread_count(make, thread):
    alice, bob = make.user("alice"), make.user("bob")
    post = make.post(thread, author=alice)
    make.post(thread, author=bob, parent=post)
    make.post(thread, author=bob, body="Hey @alice")
    assert notifications.unread_count(alice) == 2
    assert notifications.mark_all_read(alice) == 2
    assert notifications.unread_count(alice) == 0


def test_a_moderation_notice_never_goes_to_the_moderator_who_acted(make, moderator):
    alice = make.user("alice")
    assert notifications.notify_moderation(moderator, moderator, message="Removed") is None
    notice = notifications.notify_moderation(moderator, alice, message="A moderator removed your post")
    db.session.commit()
    assert notes_of(alice) == [notice]


def test_members_who_opted_in_get_one_email_per_notification(mail_app, smtp):
    make = Factory()
    thread = make.thread()
    alice, bob, carol = make.user("alice"), make.user("bob"), make.user("carol")
    notifications.set_preferences(alice, email_notifications=True)
    post = make.post(thread, author=alice)
    make.post(thread, author=bob, parent=post, body="Hello @carol and @alice")
    mail_app.extensions[EXTENSION_KEY].wait()
    [envelope] = smtp[0].envelopes
    assert envelope.rcpt_tos == ["alice@example.org"]
    text = envelope.content.decode()
    assert "bob replied to your post" in text
    assert "https://agora.example.org/posts/" in text


def test_no_email_leaves_when_the_transaction_rolls_back(mail_app, smtp):
    make = Factory()
    alice, bob = make.user("alice"), make.user("bob")
    notifications.set_preferences(alice, email_notifications=True)
    notifications.notify_moderation(bob, alice, message="Never sent")
    db.session.rollback()
    db.session.commit()
    mail_app.extensions[EXTENSION_KEY].wait()
    assert smtp[0].envelopes == []


def test_without_a_mail_server_no_email_is_queued(app, make):
    alice, bob = make.user("alice"), make.user("bob")
    notifications.set_preferences(alice, email_notifications=True)
    notifications.notify_moderation(bob, alice, message="Only on the site")
    db.session.commit()
    assert EXTENSION_KEY not in app.extensions


def test_removing_a_post_tells_its_author_why(make, moderator, thread):
    alice = make.user("alice")
    post = make.post(thread, author=alice)
    moderation.remove_post(moderator, post, reason="Off topic")
    [note] = notes_of(alice)
    assert note.kind == NotificationKind.MODERATION and note.post_id == post.id
    assert note.message == f"A moderator removed your post in “{thread.title}”: Off topic"


def test_a_suspension_tells_the_member(make, moderator):
    alice = make.user("alice")
    users.suspend_user(moderator, alice, days=2, reason="Spam")
    [note] = notes_of(alice)
    assert note.message == "A moderator suspended your account: 2 days: Spam"


def test_approving_a_held_post_notifies_as_posting_would(make, moderator):
    thread = make.thread()
    alice, bob = make.user("alice"), make.user("bob")
    parent = make.post(thread, author=alice)
    held = make.post(thread, author=bob, parent=parent)
    held.state = PostState.PENDING
    db.session.query(Notification).delete()
    db.session.commit()
    moderation.approve_post(moderator, held)
    assert sorted(n.kind for n in notes_of(bob)) == [NotificationKind.MODERATION]
    assert [n.kind for n in notes_of(alice)] == [NotificationKind.REPLY]


def test_locking_a_thread_notifies_nobody(make, moderator, thread):
    make.post(thread, author=make.user("alice"))
    moderation.lock_thread(moderator, thread)
    assert db.session.scalars(select(Notification)).all() == []


def test_a_threads_notifications_group_and_a_moderators_stay_alone(make, member, moderator):
    thread = make.thread()
    answer = make.post(thread, author=member)
    bob = make.user("bob")
    first = make.post(thread, author=bob, parent=answer)
    make.post(thread, author=bob, body="Now @member, listen.")
    moderation.remove_post(moderator, answer, reason="Off topic")
    page = notification_groups.list_groups(member, page=1, per_page=10)
    moderated, replies = page.items
    assert (moderated.grouped, moderated.thread_id, moderated.total) == (False, None, 1)
    assert (replies.grouped, replies.thread_id, replies.total, replies.unread, replies.mentions) == (True, thread.id, 2,
                                                                                                   2, 1)
    assert replies.summary == f"2 new replies in “{thread.title}”" and replies.excerpt == "Now @member, listen."
    assert notification_groups.mark_group_read(member, thread.id) == first.id
    assert notifications.unread_count(member) == 1
    again = notification_groups.list_groups(member, page=1, per_page=10).items[1]
    assert (again.unread, again.summary) == (0, f"2 replies in “{thread.title}”")


def test_groups_page_by_group_not_by_notification(make, member):
    for _ in range(3):
        thread = make.thread()
        answer = make.post(thread, author=member)
        make.post(thread, parent=answer)
        make.post(thread, parent=answer)
    first = notification_groups.list_groups(member, page=1, per_page=2)
    second = notification_groups.list_groups(member, page=2, per_page=2)
    assert (first.total, first.pages, first.has_next, len(first.items), len(second.items)) == (3, 2, True, 2, 1)


def test_reading_a_group_one_has_no_notification_in_is_not_found(make, member):
    with pytest.raises(NotFound):
        notification_groups.mark_group_read(member, make.thread().id)
