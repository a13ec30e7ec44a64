"""What one viewer sees of posts: records with the body or nothing, their vote and the actions allowed.

Every read that shows posts (a thread page, a permalink, an htmx fragment, the API, the report
queue) builds them here, so the page, the fragment and the JSON cannot disagree about who sees
what. A feature that changes what a viewer sees of a post adds a field in ``_Resolver``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from datetime import datetime
from types import SimpleNamespace

from ..models import Post, Report, Thread
from ..permissions import (
    NO_ACTIONS, PostActions, can_delete_article, can_moderate, can_see_post_body, is_member, thread_access,
)
from .answer_first import hides_answers
from .queues import QueueCounts, queue_counts
from .scores import hidden_since, score_hidden
from .votes import viewer_votes

POST_COLUMNS = tuple(column.key for column in Post.__table__.columns)
REPORT_COLUMNS = tuple(column.key for column in Report.__table__.columns)
DELETED_NAME = "[deleted]"  # how pages name a deleted account; the API says null


class PostRecord(SimpleNamespace):
    """A post as one viewer sees it, as plain values.

    Every column of ``Post`` (``body`` and ``body_html`` are None where the viewer may not
    read them; ``score``, ``upvotes``, ``downvotes`` and the sort keys are None where the score
    is hidden, see services/scores.py), ``author`` (its username and display name only; None for a
    deleted account), ``thread``, ``my_vote`` (-1, 0 or 1) and ``allowed`` (a ``PostActions``). A page
    reads dozens of posts and writes none; plain values cost half what ORM objects do to load and to render.
    """

    allowed: PostActions
    my_vote: int


@dataclass
class Node:
    """A post in a tree; ``more`` marks replies collapsed behind "Continue this thread".

    ``hidden`` counts the replies under it (what "Collapse" hides); ``collapsed`` says the post
    starts collapsed (a score at ``COLLAPSED_AT_SCORE`` or lower).
    """

    post: PostRecord
    children: list[Node] = field(default_factory=list)
    more: bool = False
    hidden: int = 0
    collapsed: bool = False


@dataclass(frozen=True)
class Viewer:
    """Who reads a page, as the layout shows them: decided once per request, no query of its own
    but the moderators' queue counts, asked once and only by a page that shows them."""

    member: bool = False
    username: str | None = None
    moderates: bool = False
    administers: bool = False  # deletes and restores articles
    suspended_until: datetime | None = None
    suspension_reason: str | None = None
    unread_notifications: int = 0

    @cached_property
    def queues(self) -> QueueCounts | None:
        return queue_counts() if self.moderates else None


VISITOR = Viewer()


def viewer_of(user) -> Viewer:
    """``user`` (the session's, loaded with its unread count) as the layout shows them."""
    if not is_member(user):
        return VISITOR
    suspended = user.is_suspended()
    return Viewer(member=True, username=user.username, moderates=can_moderate(user),
                  administers=can_delete_article(user),
                  suspended_until=user.suspended_until if suspended else None,
                  suspension_reason=user.suspension_reason if suspended else None,
                  unread_notifications=user.unread_notifications or 0)


def person(user) -> SimpleNamespace | None:
    """``user`` as every record names a member: username and display name; None for no one and for a
    deleted account (its row keeps the username, which no page or answer shows again)."""
    if user is None or user.deleted_at is not None:
        return None
    return SimpleNamespace(username=user.username, display_name=user.display_name)


def name_of(user, *, nobody: str = "—") -> str:
    """``user``'s username for a line of text: ``DELETED_NAME`` for a deleted account, ``nobody`` for none."""
    if user is None:
        return nobody
    return DELETED_NAME if user.deleted_at is not None else user.username


def report_record(report: Report) -> SimpleNamespace:
    """A report as plain values, its ``reporter`` named as ``person`` names them, with its ``post``."""
    return SimpleNamespace(**{name: getattr(report, name) for name in REPORT_COLUMNS},
                           reporter=person(report.reporter), post=report.post)


def record_from_row(values: dict, thread: Thread) -> PostRecord:
    """A record of a row holding every ``Post`` column, ``author_username`` and ``author_display_name``; resolve it
    before use."""
    name, display_name = values.pop("author_username"), values.pop("author_display_name")
    author = SimpleNamespace(username=name, display_name=display_name) if name is not None else None
    return PostRecord(**values, author=author, thread=thread)


def post_record(post: Post, viewer) -> PostRecord:
    """``post`` as ``viewer`` sees it, for a fragment or an API answer: one query for the vote."""
    return post_records([post], viewer)[0]


def post_records(posts: list[Post], viewer) -> list[PostRecord]:
    """``posts`` (of any threads, loaded with their thread and article) as ``viewer`` sees them."""
    records = [_record_of(post) for post in posts]
    votes = viewer_votes(viewer, [record.id for record in records])
    since = hidden_since()
    resolvers: dict[int, _Resolver] = {}
    for record in records:
        if record.thread_id not in resolvers:
            resolvers[record.thread_id] = _Resolver(viewer, record.thread, votes, since)
        resolvers[record.thread_id].resolve(record)
    return records


def resolve(viewer, thread: Thread, records: Iterable[PostRecord], *, votes: dict[int, int] | None = None) -> None:
    """Decide, for ``viewer``, the body, vote and actions of ``records`` of ``thread``: one query for the votes
    unless ``votes`` (post id to the viewer's vote) are known already."""
    records = list(records)
    if votes is None:
        votes = viewer_votes(viewer, [record.id for record in records])
    resolver = _Resolver(viewer, thread, votes, hidden_since())
    for record in records:
        resolver.resolve(record)


def resolve_shared(viewer, thread: Thread, records: Iterable[PostRecord]) -> None:
    """Decide ``records`` as a member with ``viewer``'s standing in ``thread`` sees them who wrote none of
    them and voted on none: what every such member shares (see forum/member_trees.py). No query."""
    resolver = _Resolver(viewer, thread, {}, hidden_since(), shared=True)
    for record in records:
        resolver.resolve(record)


def walk(nodes: list[Node]) -> Iterable[PostRecord]:
    """Every post of the trees under ``nodes``."""
    stack = list(nodes)
    while stack:
        node = stack.pop()
        yield node.post
        stack.extend(node.children)


def _record_of(post: Post) -> PostRecord:
    values = {name: getattr(post, name) for name in POST_COLUMNS}
    return PostRecord(**values, author=person(post.author), thread=post.thread)


class _Resolver:
    """One viewer in one thread. What a viewer may do to a post depends only on its state, whether
    they wrote it, whether it was edited, is an answer or is featured, so each such kind is decided once per page."""

    def __init__(self, viewer, thread: Thread, votes: dict[int, int], since: datetime | None, *,
                 shared: bool = False) -> None:
        self.viewer, self.thread, self.votes, self.shared = viewer, thread, votes, shared
        self.access = thread_access(viewer, thread)
        self.hidden = hides_answers(viewer, thread)
        self.since = since  # scores.hidden_since(): once per page, so every post is judged at one moment
        self.viewer_id = viewer.id if is_member(viewer) and not shared else None
        self.decided: dict[tuple, tuple[PostActions, bool]] = {}

    def resolve(self, record: PostRecord) -> PostRecord:
        own = self.viewer_id is not None and record.author_id == self.viewer_id
        kind = (record.state, own, record.edited_at is not None, record.parent_id is None,
                record.featured_at is not None)
        decided = self.decided.get(kind)
        if decided is None:
            # Decided on a post alike in kind; a shared record as if someone else wrote it (no account has id 0).
            alike = SimpleNamespace(**{**vars(record), "author_id": 0}) if self.shared else record
            decided = self.decided[kind] = (self.access.actions(alike), can_see_post_body(self.viewer, alike))
        record.allowed, readable = decided
        if self.hidden:  # answer first: nothing of the thread's answers until the viewer has posted one
            if record.id == self.thread.opening_post_id:  # but the question's details, not to be replied to yet
                record.allowed = replace(record.allowed, reply=False)
            else:
                record.allowed, readable = NO_ACTIONS, False
        if not readable:
            record.body = record.body_html = None
        record.my_vote = self.votes.get(record.id, 0)
        if score_hidden(self.thread.contest_mode, record.created_at, self.since):
            record.score = record.upvotes = record.downvotes = record.best_key = record.controversy_key = None
        return record
