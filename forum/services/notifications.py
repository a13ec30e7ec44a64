"""Notifications: replies, @mentions, posts in followed threads and moderator actions."""

from __future__ import annotations

import functools

from sqlalchemy import Insert, Select, bindparam, func, insert, or_, select, update
from sqlalchemy.orm import joinedload

from ..database import writes
from ..errors import NotFound
from ..extensions import db
from ..models import Follow, Notification, NotificationKind, Post, PostState, Thread, User
from ..permissions import can_see_thread
from . import mail
from .mentions import is_mentioned, mention_keys
from .visibility import notifications_shown

KIND_MESSAGES = {
    NotificationKind.REPLY: "{actor} replied to your post in “{title}”",
    NotificationKind.MENTION: "{actor} mentioned you in “{title}”",
    NotificationKind.FOLLOWED_THREAD: "{actor} posted in “{title}”, which you follow",
}
# Logged actions (see services.moderation_log) that a member hears about, on their post or their account.
MODERATION_MESSAGES = {
    "remove-post": "A moderator removed your post in “{title}”",
    "restore-post": "A moderator restored your post in “{title}”",
    "approve-post": "A moderator approved your post in “{title}”",
    "reject-post": "A moderator did not approve your post in “{title}”",
    "feature-post": "A moderator featured your answer in “{title}”",
    "suspend-user": "A moderator suspended your account",
    "unsuspend-user": "A moderator ended your suspension",
    "grant-moderator": "You are now a moderator",
    "revoke-moderator": "You are no longer a moderator",
}


def notify_post_created(post: Post) -> None:
    """Tell the people a new visible post concerns, once each, never its author; no commit.

    A reply notifies the parent's author, an @mention the member named, and
    any post the thread's followers; one reason is enough, and the first one
    in that order names the notification. The author then follows the thread
    when their settings say so. Called in the transaction that adds the post,
    under its write lock: the people concerned come in one query (as rows, its
    statement built once unless the post mentions someone), and their
    notifications go in one statement.
    """
    if post.state != PostState.VISIBLE or post.author is None:
        return
    thread, author = post.thread, post.author
    parent_author_id = db.session.get(Post, post.parent_id).author_id if post.parent_id else None
    keys = mention_keys(post.body)
    people = db.session.execute(_people_query(parent_author_id is not None, tuple(keys)),
                                {"thread_id": thread.id, "author_id": author.id,
                                 "parent_author_id": parent_author_id}).all()
    reasons: dict[int, str] = {}
    if parent_author_id is not None:
        reasons[parent_author_id] = NotificationKind.REPLY
    for person in people:
        if person.username_key in keys and person.deleted_at is None:
            reasons.setdefault(person.id, NotificationKind.MENTION)
        if person.follows:
            reasons.setdefault(person.id, NotificationKind.FOLLOWED_THREAD)
    reasons.pop(author.id, None)
    if not any(person.id == author.id and person.follows for person in people):
        _auto_follow(author, thread)
    readers = _readers(thread, [person.id for person in people if person.id in reasons])
    rows = []
    for person in people:
        if person.id in readers:
            message = KIND_MESSAGES[reasons[person.id]].format(actor=author.username, title=thread.title)
            rows.append({"recipient_id": person.id, "actor_id": author.id, "kind": reasons[person.id],
                         "message": message, "post_id": post.id, "thread_id": thread.id})
            if person.email_notifications:
                mail.queue_notification_email(person.email, message, post_id=post.id)
    if rows:
        db.session.execute(_notification_insert(), rows)  # on the table: the ORM's bulk insert took twice as long


@functools.cache
def _notification_insert() -> Insert:
    return insert(Notification.__table__)


@functools.lru_cache(maxsize=64)
def _people_query(reply: bool, mentioned: tuple[str, ...]) -> Select:
    """The members a new post concerns, as rows (id, username_key, deleted_at, email,
    email_notifications, follows): the thread's followers, its author, the parent's author
    (``reply``) and the members ``mentioned``; ``thread_id``, ``author_id`` and
    ``parent_author_id`` bound. Built once for each shape; a post mentions few names. On the tables'
    columns: the ORM's handling of a statement on its attributes was a third of its time."""
    users, follows = User.__table__.c, Follow.__table__.c
    following = users.id.in_(select(follows.user_id).where(follows.thread_id == bindparam("thread_id")))
    concerned = [following, users.id == bindparam("author_id")]
    if reply:
        concerned.append(users.id == bindparam("parent_author_id"))
    if mentioned:
        concerned.append(is_mentioned(list(mentioned)))
    return select(users.id, users.username_key, users.deleted_at, users.email, users.email_notifications,
                  following.label("follows")).where(or_(*concerned))


def _readers(thread: Thread, user_ids: list[int]) -> set[int]:
    """Those of ``user_ids`` who may read ``thread``: all of them unless it is for moderators only."""
    if can_see_thread(None, thread):
        return set(user_ids)
    users = db.session.scalars(select(User).where(User.id.in_(user_ids))) if user_ids else []
    return {user.id for user in users if can_see_thread(user, thread)}


def notify_moderation(moderator: User, recipient: User | None, *, message: str,
                      post: Post | None = None, thread: Thread | None = None) -> Notification | None:
    """Tell a member what a moderator did to their post or account; no commit.

    Nobody is told of their own actions, and a post without an author has nobody to tell.
    """
    if recipient is None or recipient.id == moderator.id:
        return None
    return _notify(recipient, moderator, NotificationKind.MODERATION, message,
                   post=post, thread=thread or (post.thread if post else None))


def notify_moderation_action(moderator: User | None, action: str, target: object, *, reason: str = "") -> None:
    """Tell the member whose post or account a logged moderator action touched; no commit.

    Approving a held post also tells the people it concerns, as posting it would have.
    """
    template = MODERATION_MESSAGES.get(action)
    if moderator is None or template is None:
        return
    post = target if isinstance(target, Post) else None
    recipient = post.author if post is not None else target
    if not isinstance(recipient, User):
        return
    message = template.format(title=post.thread.title if post is not None else "")
    notify_moderation(moderator, recipient, message=f"{message}: {reason}" if reason else message, post=post)
    if action == "approve-post":
        notify_post_created(post)


def list_notifications(user: User, *, page: int, per_page: int):
    """The member's notifications, newest first, as a Flask-SQLAlchemy pagination."""
    query = (
        select(Notification)
        .where(Notification.recipient_id == user.id, notifications_shown())
        .options(joinedload(Notification.actor), joinedload(Notification.thread))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def unread_count(user: User) -> int:
    return db.session.scalar(
        select(func.count(Notification.id))
        .where(Notification.recipient_id == user.id, Notification.is_read.is_(False))
    ) or 0


def mark_article_read(article_id: int) -> None:
    """Mark read what members were told about a deleted article's threads, which their lists leave out; no commit."""
    db.session.execute(update(Notification).where(
        Notification.thread_id.in_(select(Thread.id).where(Thread.article_id == article_id)),
        Notification.is_read.is_(False)).values(is_read=True).execution_options(synchronize_session=False))


@writes
def mark_all_read(user: User) -> int:
    """Mark every notification of the member read; returns how many were unread."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.recipient_id == user.id, Notification.is_read.is_(False))
        .values(is_read=True)
    )
    db.session.commit()
    return result.rowcount


def get_notification(user: User, notification_id: int) -> Notification:
    """The member's notification; another member's is as good as missing."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.recipient_id != user.id:
        raise NotFound("There is no such notification.")
    return notification


@writes
def open_notification(user: User, notification_id: int) -> Notification:
    """The member's notification, now marked read (by POST only: GET never changes state)."""
    notification = get_notification(user, notification_id)
    if not notification.is_read:
        notification.is_read = True
        db.session.commit()
    return notification


def _notify(recipient: User, actor: User, kind: str, message: str, *,
            post: Post | None, thread: Thread | None) -> Notification:
    notification = Notification(
        recipient_id=recipient.id, actor_id=actor.id, kind=kind, message=message,
        post_id=post.id if post else None, thread_id=thread.id if thread else None,
    )
    db.session.add(notification)
    if recipient.email_notifications:
        mail.queue_notification_email(recipient.email, message, post_id=notification.post_id)
    return notification


def _auto_follow(author: User, thread: Thread) -> None:
    """Have ``author``, who does not follow ``thread``, follow it if their settings say so."""
    own = thread.author_id == author.id
    if (own and author.follow_own_threads) or (not own and author.follow_replied_threads):
        db.session.add(Follow(user_id=author.id, thread_id=thread.id))


@writes
def set_preferences(user: User, *, follow_own_threads: bool | None = None,
                    follow_replied_threads: bool | None = None, email_notifications: bool | None = None) -> None:
    """Change which threads the member follows by themselves, and whether notifications are emailed."""
    changes = {"follow_own_threads": follow_own_threads, "follow_replied_threads": follow_replied_threads,
               "email_notifications": email_notifications}
    for name, value in changes.items():
        if value is not None:
            setattr(user, name, bool(value))
    db.session.commit()
