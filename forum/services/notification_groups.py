"""Notifications as a member reads them: one group per thread ("3 new replies in …") with an excerpt.

Replies, mentions and posts in followed threads group by thread; a moderator's word stays on its
own. A page of groups costs three queries however many notifications it sums up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select, update
from sqlalchemy.orm import joinedload

from ..database import writes
from ..errors import NotFound
from ..extensions import db
from ..limits import EXCERPT_MAX, page_offset
from ..models import Article, Notification, NotificationKind, Post, Thread, User
from .article_parts import shorten
from .markdown import plain_text
from .visibility import notifications_shown, readable_posts

POST_KINDS = (NotificationKind.REPLY, NotificationKind.MENTION, NotificationKind.FOLLOWED_THREAD)
_IN_THREAD_GROUP = and_(Notification.kind.in_(POST_KINDS), Notification.thread_id.is_not(None))
# A thread's notifications share its id; every other one is a group of its own (negative: no clash).
_GROUP_KEY = case((_IN_THREAD_GROUP, Notification.thread_id), else_=-Notification.id)


@dataclass
class NotificationGroup:
    """A thread's notifications (or one on its own): the newest of them, how many and how many unread.

    ``excerpt`` is the start of the newest post, when the member may still read it; None otherwise.
    """

    latest: Notification
    total: int
    unread: int
    mentions: int
    excerpt: str | None

    @property
    def thread_id(self) -> int | None:
        return self.latest.thread_id if self.grouped else None

    @property
    def grouped(self) -> bool:
        return self.latest.kind in POST_KINDS and self.latest.thread_id is not None

    @property
    def summary(self) -> str:
        """"3 new replies in “Title”", or the moderator's message of a notification on its own."""
        if not self.grouped:
            return self.latest.message
        count = self.unread or self.total
        replies = "reply" if count == 1 else "replies"
        return f"{count} {'new ' if self.unread else ''}{replies} in “{self.latest.thread.title}”"


@dataclass
class GroupPage:
    """One page of groups, with what ``_pagination.html`` reads."""

    items: list[NotificationGroup]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def list_groups(member: User, *, page: int, per_page: int) -> GroupPage:
    """The member's notification groups, the most recently active first; three queries."""
    groups = (
        select(func.max(Notification.id).label("latest_id"), func.count().label("total"),
               func.sum(case((Notification.is_read.is_(False), 1), else_=0)).label("unread"),
               func.sum(case((Notification.kind == NotificationKind.MENTION, 1), else_=0)).label("mentions"))
        .where(Notification.recipient_id == member.id, notifications_shown()).group_by(_GROUP_KEY)
    )
    total = db.session.scalar(select(func.count()).select_from(groups.subquery())) or 0
    rows = db.session.execute(
        groups.order_by(func.max(Notification.id).desc()).limit(per_page).offset(page_offset(page, per_page))
    ).all()
    latest = _latest_with_excerpts(member, [row.latest_id for row in rows])
    items = [NotificationGroup(latest[row.latest_id][0], row.total, row.unread, row.mentions, latest[row.latest_id][1])
             for row in rows]
    return GroupPage(items, page, per_page, total)


def _latest_with_excerpts(member: User, ids: list[int]) -> dict[int, tuple[Notification, str | None]]:
    """The notifications ``ids`` with their actor and thread, and the text of their post where the member may read it."""
    if not ids:
        return {}
    readable_text = case((and_(*readable_posts(member)), Post.body_html), else_=None)
    rows = db.session.execute(
        select(Notification, readable_text)
        .outerjoin(Post, Post.id == Notification.post_id)
        .outerjoin(Thread, Thread.id == Post.thread_id)
        .outerjoin(Article, Article.id == Thread.article_id)
        .where(Notification.id.in_(ids))
        .options(joinedload(Notification.actor), joinedload(Notification.thread))
    ).all()
    return {note.id: (note, excerpt(html) if html else None) for note, html in rows}


def excerpt(html: str) -> str:
    """The start of a post as plain text, cut between words."""
    return shorten(plain_text(html), EXCERPT_MAX)


@writes
def mark_group_read(member: User, thread_id: int) -> int:
    """Mark read the member's notifications of replies, mentions and posts in ``thread_id``; commits.

    Returns the post to read from: the oldest that was unread (or the newest, when none was).
    Another member's thread group, or one the member has no notification of, is missing.
    """
    mine = and_(Notification.recipient_id == member.id, Notification.thread_id == thread_id,
                Notification.kind.in_(POST_KINDS))
    first_unread, newest = db.session.execute(
        select(func.min(case((Notification.is_read.is_(False), Notification.post_id))),
               func.max(Notification.post_id)).where(mine)
    ).one()
    if newest is None:
        raise NotFound("There are no such notifications.")
    db.session.execute(update(Notification).where(mine, Notification.is_read.is_(False)).values(is_read=True))
    db.session.commit()
    return first_unread or newest
