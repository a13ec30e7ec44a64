"""Posts: answering, replying, editing and deleting, with the counters they keep."""

from __future__ import annotations

import functools
from datetime import datetime

from flask import current_app
from sqlalchemy import Insert, Select, bindparam, insert, inspect, or_, select
from sqlalchemy.orm import joinedload, make_transient_to_detached

from ..database import begin_write, commit_keeping_loaded
from ..errors import Conflict, Invalid, NotAllowed, NotFound
from ..extensions import db
from ..limits import DELETE_UNDO_SECONDS, POST_BODY_MAX, too_long
from ..models import Post, PostRevision, PostState, Thread, User, utcnow
from ..permissions import (
    can_delete_post, can_edit_post, can_undo_delete, can_moderate, can_participate, can_see_post,
    can_see_thread, is_member,
)
from . import heat, records, throttle
from .counters import count_post
from .locking import lock_destination, lock_post_thread
from .mentions import render_post_body
from .notifications import notify_post_created
from .page_versions import pages_changed

POST_WAIT = "You can post again in {wait}."
SLOW_MODE_WAIT = "This thread is in slow mode. You can post again in {wait}."
DUPLICATE = "You just posted that."
PREVIEW_WAIT = "You can preview again in {wait}."


def create_post(author: User, thread: Thread, *, body: str, parent: Post | None = None) -> Post:
    """Answer in ``thread`` (or reply to ``parent`` in it); commits.

    Under pre-moderation a newcomer's post waits for a moderator and counts nowhere until approved.
    """
    _require_can_post(author, thread)
    if parent is not None and (parent.thread_id != thread.id or parent.state != PostState.VISIBLE):
        raise NotAllowed("You can only reply to a visible post in this thread.")
    body = check_body(body)
    html = render_post_body(body)  # before the write lock and the thread's: both are held briefly
    # A moderator may have moved the parent, merged the thread or locked it since it was read.
    thread, parent = lock_destination(thread, parent)
    post = add_post(author, thread, body=body, html=html, parent=parent)
    commit_keeping_loaded()
    return post


def add_post(author: User, thread: Thread, *, body: str, html: str, parent: Post | None = None) -> Post:
    """The checks a new post needs under the write lock, then the post, its counters and notices; no commit.

    ``thread`` is locked and read afresh (``locking.lock_destination``); the author is read afresh here.
    """
    _lock_author(author)
    _require_can_post(author, thread)
    if parent is not None and parent.state != PostState.VISIBLE:
        raise NotAllowed("You can only reply to a visible post in this thread.")
    _check_duplicate(author, body)
    now = utcnow()
    _count_rate(author, thread, now)
    post = _insert_post(
        thread_id=thread.id, author_id=author.id, parent_id=parent.id if parent else None,
        depth=parent.depth + 1 if parent else 0, body=body, body_html=html, created_at=now,
        state=PostState.PENDING if _needs_approval(author, thread, now) else PostState.VISIBLE,
    )
    heat.after_post(thread, now)  # the thread is locked: a burst starts heat once
    if post.state == PostState.VISIBLE:
        count_post(post, 1)  # bumps the thread's page version too
    else:
        pages_changed(thread_id=thread.id)
    notify_post_created(post)
    return post


def _insert_post(**values) -> Post:
    """INSERT the post by a statement built once, not by the ORM's flush (0.41 ms of the write lock,
    0.17 ms this way); the post is then the session's, as if loaded."""
    row = {**_post_defaults(), **values}
    post = Post(**row)
    post.id = db.session.execute(_post_insert(), row).inserted_primary_key[0]
    make_transient_to_detached(post)  # its columns as given; the derived sort keys load if asked
    db.session.add(post)
    return post


@functools.cache
def _post_defaults() -> dict[str, object]:
    """What a new post's columns hold unless given: their defaults, None where they have none; the
    primary key, the derived columns and defaults computed at insert left to the statement."""
    return {column.key: column.default.arg if column.default is not None else None
            for column in Post.__table__.columns
            if not (column.primary_key or column.computed is not None
                    or (column.default is not None and not column.default.is_scalar))}


@functools.cache
def _post_insert() -> Insert:
    return insert(Post.__table__)


def preview_post(author: User, *, body: str) -> str:
    """The sanitized HTML ``body`` would be saved as, by the very renderer of saved posts; saves no post.

    Commits only its rate-limit hit, before rendering: a member's previews are limited as
    cheaply as their votes, and a long body is rendered without the write lock.
    """
    if not is_member(author):
        raise NotAllowed("Log in to preview a post.")
    body = check_body(body)
    throttle.hit(current_app.config["PREVIEW_LIMIT_PER_MEMBER"], "preview", str(author.id),
                 message=PREVIEW_WAIT, field="body")
    db.session.commit()
    return render_post_body(body)


def quote_post(viewer, post: Post) -> str:
    """``post``'s Markdown source as a Markdown quote to start a reply with, if ``viewer`` may read it."""
    body = records.post_record(post, viewer).body
    if body is None:
        raise NotFound("There is nothing to quote in this post.")
    return "".join(f"> {line}".rstrip() + "\n" for line in body.splitlines()) + "\n"


def reply_to(author: User, parent: Post, *, body: str) -> Post:
    """Reply to ``parent``, in its thread; commits."""
    return create_post(author, parent.thread, body=body, parent=parent)


def edit_post(editor: User, post: Post, *, body: str) -> Post:
    """Replace the body of the editor's own post, keeping the previous version; commits."""
    _require_can_edit(editor, post)
    body = check_body(body)
    if body == post.body:
        return post
    html = render_post_body(body)  # before the write lock
    begin_write()
    _require_can_edit(editor, post)  # again: the post is read afresh under the lock
    if body == post.body:
        return post
    db.session.add(PostRevision(post_id=post.id, body=post.body, created_at=post.edited_at or post.created_at))
    post.body, post.body_html, post.edited_at = body, html, utcnow()
    pages_changed(thread_id=post.thread_id)
    db.session.commit()
    return post


def delete_post(author: User, post: Post) -> None:
    """Delete the author's own post; its replies stay, under a "[deleted]" placeholder; commits."""
    lock_post_thread(post)
    if not can_delete_post(author, post):
        raise NotAllowed("You can only delete your own posts.")
    if post.state == PostState.VISIBLE:
        count_post(post, -1)
    post.deleted_from, post.deleted_at = post.state, utcnow()
    post.state = PostState.DELETED
    pages_changed(thread_id=post.thread_id)
    db.session.commit()


def undo_delete(author: User, post: Post) -> Post:
    """Bring back the author's post deleted moments ago, in the state it had (counted again if visible); commits."""
    lock_post_thread(post)
    if not can_undo_delete(author, post, now=utcnow()):
        raise NotAllowed(f"A deletion can be undone by its author for {DELETE_UNDO_SECONDS // 60} minutes.")
    post.state = post.deleted_from or PostState.VISIBLE
    post.deleted_from = post.deleted_at = None
    if post.state == PostState.VISIBLE:
        count_post(post, 1)
    pages_changed(thread_id=post.thread_id)
    db.session.commit()
    return post


def check_body(body: str | None) -> str:
    """The body without surrounding blank space; 1 to POST_BODY_MAX characters."""
    body = (body or "").strip()
    if not body:
        raise Invalid("Write something first.", field="body")
    if len(body) > POST_BODY_MAX:
        raise Invalid(f"{too_long('your post', POST_BODY_MAX)} This is {len(body):,}.", field="body")
    return body


def get_post(post_id: int, viewer) -> Post:
    """The post at ``post_id`` if ``viewer`` may see it (and its thread)."""
    post = db.session.scalar(
        select(Post).where(Post.id == post_id)
        .options(joinedload(Post.author), joinedload(Post.thread).joinedload(Thread.article))
    )
    if post is None or not can_see_thread(viewer, post.thread) or not can_see_post(viewer, post):
        raise NotFound("There is no post at this address.")
    return post


def post_history(viewer, post: Post) -> list[PostRevision]:
    """Earlier versions of ``post``, newest first: for moderators only."""
    if not can_moderate(viewer):
        raise NotAllowed("Only moderators can see earlier versions of a post.")
    return list(db.session.scalars(
        select(PostRevision).where(PostRevision.post_id == post.id)
        .order_by(PostRevision.created_at.desc(), PostRevision.id.desc())
    ))


def _require_can_post(author: User, thread: Thread) -> None:
    if not can_participate(author):
        raise NotAllowed("Your account is suspended; you can read but not post.")
    if not can_see_thread(author, thread):
        raise NotFound("There is no thread at this address.")
    if not thread.article.discussion_open:
        raise NotAllowed("Discussion on this article is closed.")
    if thread.locked:
        raise NotAllowed("This thread is locked.")


def _require_can_edit(editor: User, post: Post) -> None:
    if not can_edit_post(editor, post):
        raise NotAllowed("You can only edit your own posts, in threads that are open.")


def _needs_approval(author: User, thread: Thread, now: datetime) -> bool:
    minimum = current_app.config["PREMODERATION_MIN_APPROVED_POSTS"]
    if heat.holds_for_approval(author, thread, now):
        return True
    return thread.article.premoderation and not can_moderate(author) and author.post_count < minimum


def _post_limits(author: User, thread: Thread, now: datetime) -> list[tuple[str, tuple[str, ...], str]]:
    """(limit, key, message) for each rate limit that applies; moderators have none.

    Slow mode is the moderator's or heat's, whichever waits longer (services/heat.py).
    """
    if can_moderate(author):
        return []
    config = current_app.config
    young = author.created_at > utcnow() - config["NEW_ACCOUNT_AGE"]
    interval = config["NEW_ACCOUNT_POST_INTERVAL_SECONDS" if young else "POST_INTERVAL_SECONDS"]
    limits = []
    if interval > 0:
        limits.append((f"1 per {interval} seconds", ("post", str(author.id)), POST_WAIT))
    slow = heat.slow_seconds(thread, now)
    if slow > 0:
        limits.append((f"1 per {slow} seconds", ("slow-mode", str(author.id), str(thread.id)), SLOW_MODE_WAIT))
    return limits


def _count_rate(author: User, thread: Thread, now: datetime) -> None:
    for limit, key, message in _post_limits(author, thread, now):
        throttle.hit(limit, *key, message=message, field="body")


def _lock_author(author: User) -> None:
    """Read ``author`` afresh and hold their row until the commit (PostgreSQL), in one statement.

    The lock makes the duplicate check and the insert one step: a concurrent
    post of the same member waits here until this one is committed, then
    sees it. SQLite's write requests hold BEGIN IMMEDIATE. FOR NO KEY UPDATE,
    not FOR UPDATE: rows that merely reference the author (another answer's
    notification to them) must not wait for it, or two members answering in
    threads the other follows wait for each other.
    """
    author_id = inspect(author).identity[0]  # not author.id: that would read the expired row once more
    db.session.scalars(_author_lock_query(), {"author_id": author_id}).one()


@functools.cache
def _author_lock_query() -> Select:
    """``_lock_author``'s statement, ``author_id`` bound; built once."""
    return (select(User).where(User.id == bindparam("author_id")).with_for_update(key_share=True)
            .execution_options(populate_existing=True))


def _check_duplicate(author: User, body: str) -> None:
    """Refuse the same body twice within the window; call holding the author's row (``_lock_author``)."""
    since: datetime = utcnow() - current_app.config["DUPLICATE_POST_WINDOW"]
    previous = db.session.scalar(_previous_body_query(), {"author_id": author.id, "since": since})
    if previous is not None and previous == body:
        raise Conflict(DUPLICATE, field="body")


@functools.cache
def _previous_body_query() -> Select:
    """The body of the author's newest visible or pending post since ``since``; built once, on the table's
    columns (the ORM's handling of a statement on its attributes took a third of its time)."""
    posts = Post.__table__.c
    return (select(posts.body).where(posts.author_id == bindparam("author_id"), posts.created_at >= bindparam("since"),
                                     or_(posts.state == PostState.VISIBLE, posts.state == PostState.PENDING))
            .order_by(posts.created_at.desc(), posts.id.desc()).limit(1))
