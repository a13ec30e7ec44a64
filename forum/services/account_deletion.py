"""A member deleting their own account: their posts kept as "[deleted]" or removed, everything else of theirs gone.

The account's row stays, emptied and marked deleted: its id is never handed to a new account
(SQLite reuses the highest rowid) and its username cannot be registered again, so nobody can
take up a name that others quoted, mentioned or saw in the moderation log.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import delete, func, select, update
from werkzeug.security import check_password_hash

from ..database import begin_write
from ..errors import Invalid
from ..extensions import db
from ..limits import PASSWORD_MAX
from ..models import (
    ApiToken, Article, Follow, IdempotentRequest, ModerationAction, Notification, Post, PostRevision, PostState,
    Role, Thread, User, utcnow,
)
from .locking import lock_post_thread
from .moderation_log import record_action
from .notification_groups import POST_KINDS
from .page_versions import pages_changed
from .counters import count_post
from .records import DELETED_NAME
from .votes import withdraw_votes



class PostsChoice(StrEnum):
    KEEP = "keep"  # the posts stay, by "[deleted]"
    REMOVE = "remove"  # the posts' text goes too; replies to them stay under a "[deleted]" placeholder


def delete_account(member: User, *, password: str, posts: str) -> None:
    """Delete the member's account, confirmed with their password; commits.

    Their sessions and API tokens end; their votes are withdrawn (scores and karma as if never
    cast); their follows, notifications and idempotency keys go; notifications others had of
    their posts name "[deleted]". Their posts stay as "[deleted]"'s or, with ``posts="remove"``,
    lose their text as a post its author deleted does. The public moderation log says so.
    """
    if not check_password_hash(member.password_hash, (password or "")[:PASSWORD_MAX]):
        raise Invalid("That is not your password.", field="password")
    if posts not in set(PostsChoice):
        raise Invalid("Choose whether to keep your posts or remove them.", field="posts")
    begin_write()  # after the password's slow hash: no lock is held while it runs
    record_action(member, "delete-account", member,
                  reason="posts kept as “[deleted]”" if posts == PostsChoice.KEEP else "posts removed")
    if posts == PostsChoice.REMOVE:
        _remove_posts(member)
    withdraw_votes(member)
    _forget_author(member)
    for model, column in ((ApiToken, ApiToken.user_id), (Follow, Follow.user_id),
                          (IdempotentRequest, IdempotentRequest.user_id), (Notification, Notification.recipient_id)):
        db.session.execute(delete(model).where(column == member.id))
    _empty(member)
    db.session.commit()


def _remove_posts(member: User) -> None:
    """Each post as if its author had deleted it, with its text and earlier versions erased."""
    for post in db.session.scalars(select(Post).where(Post.author_id == member.id).order_by(Post.id)).all():
        lock_post_thread(post)
        if post.state == PostState.VISIBLE:
            count_post(post, -1)
        post.state, post.body, post.body_html = PostState.DELETED, "", ""
    db.session.execute(delete(PostRevision).where(
        PostRevision.post_id.in_(select(Post.id).where(Post.author_id == member.id))))


def _forget_author(member: User) -> None:
    """Every page that named the member now shows "[deleted]" in their place."""
    pages_changed(author_id=member.id)
    _forget_in_log(member)
    db.session.execute(update(Post).where(Post.author_id == member.id).values(author_id=None))
    db.session.execute(update(Thread).where(Thread.author_id == member.id).values(author_id=None))
    db.session.execute(update(Article).where(Article.created_by_id == member.id).values(created_by_id=None))
    # Their messages begin with the author's name (notifications.KIND_MESSAGES).
    db.session.execute(
        update(Notification).where(Notification.actor_id == member.id, Notification.kind.in_(POST_KINDS))
        .values(actor_id=None,
                message=DELETED_NAME + func.substr(Notification.message, len(member.username) + 1))
    )


def _forget_in_log(member: User) -> None:
    """The log's labels of the member and of their posts (moderation_log.describe) name "[deleted]"."""
    log = ModerationAction
    db.session.execute(update(log).where(log.target_type == "user", log.target_id == member.id)
                       .values(target_label=f"member {DELETED_NAME}"))
    db.session.execute(
        update(log).where(log.target_type == "post",
                          log.target_id.in_(select(Post.id).where(Post.author_id == member.id)))
        .values(target_label=func.replace(log.target_label, f" by {member.username} in ", f" by {DELETED_NAME} in "))
    )


def _empty(member: User) -> None:
    """Keep the row for its id and username; nothing else of the person stays, nor any way in."""
    member.deleted_at = utcnow()
    member.email = f"deleted-{member.id}@deleted.invalid"
    member.password_hash = "!"  # no hash matches it; logging in skips deleted accounts anyway
    member.password_reset_digest = None
    member.session_generation += 1
    member.role = Role.MEMBER
    member.display_name, member.bio, member.bio_html = None, "", ""
    member.karma = member.post_count = 0
    member.suspended_until = member.suspension_reason = None
    member.email_notifications = False
