"""Threads: reading one as a sorted, paged tree of posts (its SQL in thread_pages), and starting one."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import Row, Select, bindparam, exists, func, literal, select, union_all
from sqlalchemy.orm import joinedload

from ..database import begin_write
from ..errors import ForumError, Invalid, NotAllowed, NotFound
from ..extensions import db
from ..limits import THREAD_TITLE_MAX, too_long
from ..models import Article, Follow, Post, PostState, Thread, User, Vote
from ..permissions import ThreadActions, can_see_thread, can_start_thread, thread_actions
from . import follows, heat, records, scores, thread_pages, visibility
from . import posts as post_service
from .answer_first import hides_answers
from .mentions import render_post_body
from .records import Node, PostRecord

SORTS = ("best", "top", "new", "old", "controversial")
DEFAULT_SORT = "best"


@dataclass(frozen=True)
class ThreadView:
    """What a thread page or a permalink shows one viewer: every post resolved (see services.records),
    what they may do in the thread, and whether they follow it."""

    thread: Thread
    roots: list[Node]
    sort: str
    allowed: ThreadActions
    following: bool
    page: int = 1
    pages: int = 1
    ancestors: list[PostRecord] = field(default_factory=list)
    # Answer first: the viewer sees no answer yet, only how many there are.
    answers_hidden: bool = False
    answer_count: int = 0
    heat: heat.HeatState | None = None  # automatic slow mode, while on
    # A member-started thread's opening post with its replies: shown with the question, on every page.
    opening: Node | None = None


# The stored keys (models/sort_keys.py), so replies sorted here agree with pages sorted in SQL.
SORT_KEYS: dict[str, Callable] = {
    "best": lambda p: (-p.best_key, p.id),
    "top": lambda p: (-p.score, p.id),
    "new": lambda p: (-p.created_at.timestamp(), -p.id),
    "old": lambda p: (p.created_at.timestamp(), p.id),
    "controversial": lambda p: (-p.controversy_key, p.id),
}


def parse_sort(value: str | None) -> str:
    """A known sort name; anything else is the default."""
    return value if value in SORTS else DEFAULT_SORT


def reply_key(thread: Thread, sort: str) -> Callable:
    """How replies are ordered in ``sort``: by ``SORT_KEYS``, except while scores are hidden
    (services/scores.py): oldest first in contest mode, and a post in the hiding window ranks
    as one without votes."""
    plain = SORT_KEYS[sort]
    if sort not in scores.SCORE_SORTS:
        return plain
    if thread.contest_mode:
        return SORT_KEYS["old"]
    since = scores.hidden_since()
    if since is None:
        return plain
    return lambda p: (0, p.id) if p.created_at > since else plain(p)


def sort_posts(posts: list, sort: str) -> list:
    """``posts`` (anything with id, score, upvotes, downvotes, created_at) in ``sort`` order."""
    return sorted(posts, key=SORT_KEYS[parse_sort(sort)])


def get_thread(thread_id: int, viewer) -> Thread:
    """The thread if ``viewer`` may see it: hidden threads are for moderators.

    A merged thread is only an address: this answers the thread its posts went to, so that
    reading, answering and following all happen there (pages redirect when the ids differ).
    """
    thread = db.session.scalar(_thread_query(), {"thread_id": thread_id})
    if thread is not None and thread.merged_into_id:
        thread = db.session.scalar(_thread_query(), {"thread_id": thread.merged_into_id})
    if thread is None or not can_see_thread(viewer, thread):
        raise NotFound("There is no thread at this address.")
    return thread


def visitor_page_state(thread_id: int) -> Row | None:
    """What a visitor's page of the thread depends on, as one row (id, version, changed_at, created_at,
    last_activity_at, heat_until), or None where a visitor may not read it at this address (no such
    thread, merged, hidden, or in a deleted article): ``get_thread`` then says why.

    Read on a connection of its own, without the session and its objects: a visitor's page served from
    the cache needs nothing else from the database.
    """
    with db.engine.connect() as connection:
        return connection.execute(_page_state_query(), {"thread_id": thread_id}).one_or_none()


@functools.cache
def _page_state_query() -> Select:
    return select(Thread.id, Thread.version, Thread.changed_at, Thread.created_at, Thread.last_activity_at,
                  Thread.heat_until).where(Thread.id == bindparam("thread_id"), Thread.merged_into_id.is_(None),
                                           visibility.threads_shown(visibility.EVERYONE))


@functools.cache
def _thread_query() -> Select:
    """The thread bound as ``thread_id`` with its article; built once, as every page asks it."""
    return select(Thread).where(Thread.id == bindparam("thread_id")).options(joinedload(Thread.article))


def read_thread(thread: Thread, viewer, *, sort: str = DEFAULT_SORT, page: int = 1, shared: bool = False) -> ThreadView:
    """One page of top-level posts with their replies, in a fixed number of queries.

    The database reads one page of top-level posts in order from the sort's index and only that
    page's trees are loaded, however long the thread; counting the pages reads an index of
    every top-level post (see bench/README.md). ``shared``: the posts as every member with
    ``viewer``'s standing sees them who wrote none, voted on none and has no post awaiting
    approval (``records.resolve_shared``; see ``viewer_marks``).
    """
    sort = parse_sort(sort)
    if hides_answers(viewer, thread):
        return _hidden_view(thread, viewer, sort, opening=_details_alone(thread, viewer, sort))
    per_page = current_app.config["POSTS_PER_PAGE"]
    reader = None if shared else viewer  # whose pending posts join the page: nobody's when shared
    order = scores.ordering(thread, sort, viewer)
    count_query, page_query = thread_pages.page_queries(sort, thread_pages.audience(reader), order.mode)
    params = {"thread_id": thread.id, "viewer_id": getattr(reader, "id", None), "opening_id": opening_id(thread)}
    pages = max(1, math.ceil(db.session.scalar(count_query, params) / per_page))
    page = max(1, min(page, pages + 1))
    root_ids = list(db.session.scalars(page_query, {**params, **order.params, "limit": per_page,
                                                    "offset": (page - 1) * per_page}))
    opening, roots = _with_opening(thread, root_ids, reader, sort)
    (records.resolve_shared if shared else records.resolve)(viewer, thread, records.walk([*opening, *roots]))
    return ThreadView(thread=thread, roots=roots, sort=sort, allowed=thread_actions(viewer, thread),
                      following=follows.is_following(viewer, thread), page=page, pages=pages,
                      heat=heat.state_of(thread), opening=opening[0] if opening else None)


def opening_id(thread: Thread) -> int:
    """The id of ``thread``'s opening post, or 0 (no post's) for a thread without one: the value the
    statements below leave out of the answers (``Post.id != NULL`` would leave out every post)."""
    return thread.opening_post_id or 0


def _with_opening(thread: Thread, root_ids: list[int], viewer, sort: str) -> tuple[list[Node], list[Node]]:
    """The opening post's tree (none, or one: removed or deleted with replies, it stays as its notice) and the
    answers' trees under ``root_ids``, loaded together in one query."""
    if not thread.opening_post_id:
        return [], thread_pages.load_trees(thread, root_ids, viewer, reply_key(thread, sort))
    trees = thread_pages.load_trees(thread, [thread.opening_post_id, *root_ids], viewer, reply_key(thread, sort))
    opening = [tree for tree in trees if tree.post.id == thread.opening_post_id]
    for tree in opening:
        tree.collapsed = False  # the question's details: never folded away by their score
    return opening, [tree for tree in trees if tree.post.id != thread.opening_post_id]


def viewer_marks(viewer, thread: Thread, post_ids: list[int]) -> tuple[dict[int, int], bool, bool]:
    """``viewer``'s votes on ``post_ids``, whether they have posts in ``thread`` awaiting approval
    (which a shared page lacks: only they and moderators see them), and whether they follow
    ``thread``, in one query."""
    rows = db.session.execute(_marks_query(), {"viewer_id": viewer.id, "thread_id": thread.id, "post_ids": post_ids})
    marks = {post_id: value for post_id, value in rows}
    pending, following = marks.pop(0, None) is not None, marks.pop(-1, None) is not None
    return marks, pending, following


@functools.cache
def _marks_query() -> Select:
    """``viewer_marks``' statement, built once: building it cost more than running it."""
    viewer_id, thread_id = bindparam("viewer_id"), bindparam("thread_id")
    votes = select(Vote.post_id, Vote.value).where(Vote.user_id == viewer_id,
                                                   Vote.post_id.in_(bindparam("post_ids", expanding=True)))
    # Rows for post ids 0 and -1 (no post has them) say a pending post exists and the viewer follows the thread.
    pending = select(literal(0), literal(0)).where(exists().where(
        Post.author_id == viewer_id, Post.thread_id == thread_id, Post.state == PostState.PENDING))
    following = select(literal(-1), literal(0)).where(exists().where(
        Follow.user_id == viewer_id, Follow.thread_id == thread_id))
    return union_all(votes, pending, following)


def read_post(post: Post, viewer, *, sort: str = DEFAULT_SORT) -> ThreadView:
    """A permalink: ``post`` with its replies, and the chain of posts it answers."""
    sort = parse_sort(sort)
    thread = post.thread
    if hides_answers(viewer, thread):
        details = _details_alone(thread, viewer, sort) if post.id == thread.opening_post_id else None
        return _hidden_view(thread, viewer, sort, roots=[details] if details else [])
    roots = thread_pages.load_trees(thread, [post.id], viewer, reply_key(thread, sort), base=post.depth, keep=post.id)
    ancestors = [records.record_from_row(dict(row._asdict()), thread) for row in _ancestor_rows(post)]
    records.resolve(viewer, thread, [*records.walk(roots), *ancestors])
    return ThreadView(thread=thread, roots=roots, sort=sort, allowed=thread_actions(viewer, thread),
                      following=follows.is_following(viewer, thread), ancestors=ancestors,
                      heat=heat.state_of(thread))


def read_summary(thread: Thread, viewer) -> ThreadView:
    """What a thread page shows around its posts (counts, Follow), without the posts: for htmx answers."""
    return ThreadView(thread=thread, roots=[], sort=DEFAULT_SORT, allowed=thread_actions(viewer, thread),
                      following=follows.is_following(viewer, thread))


def answer_count(thread: Thread) -> int:
    """The visible answers (top-level posts but the opening one) of ``thread``: what answer first still tells a reader."""
    return db.session.scalar(select(func.count()).select_from(Post).where(
        Post.thread_id == thread.id, Post.parent_id.is_(None), Post.state == PostState.VISIBLE,
        Post.id != opening_id(thread)))


def _hidden_view(thread: Thread, viewer, sort: str, *, opening: Node | None = None,
                 roots: list[Node] | None = None) -> ThreadView:
    return ThreadView(thread=thread, roots=roots or [], sort=sort, allowed=thread_actions(viewer, thread),
                      following=follows.is_following(viewer, thread), answers_hidden=True,
                      answer_count=answer_count(thread), heat=heat.state_of(thread), opening=opening)


def _details_alone(thread: Thread, viewer, sort: str) -> Node | None:
    """What answer first leaves of ``thread``'s opening post: the question's details without the replies under them."""
    opening, _ = _with_opening(thread, [], viewer, sort)
    for tree in opening:
        tree.children, tree.hidden, tree.more = [], 0, False
        records.resolve(viewer, thread, [tree.post])
    return opening[0] if opening else None


def page_of(post: Post, viewer, *, sort: str = DEFAULT_SORT) -> int:
    """The page of the thread on which ``post`` appears in ``sort`` order; the opening post and the replies
    under it are at the top of the first."""
    root_id = _ancestor_rows(post)[0].id if post.parent_id else post.id
    if root_id == post.thread.opening_post_id:
        return 1
    sort = parse_sort(sort)
    order = scores.ordering(post.thread, sort, viewer)
    position = db.session.scalar(thread_pages.position_query(sort, thread_pages.audience(viewer), order.mode),
                                 {"thread_id": post.thread_id, "viewer_id": getattr(viewer, "id", None),
                                  "root_id": root_id, "opening_id": opening_id(post.thread), **order.params})
    return (position - 1) // current_app.config["POSTS_PER_PAGE"] + 1 if position else 1


def start_thread(author: User, article: Article, *, title: str, body: str) -> Thread:
    """A member's own question under ``article``, with its opening post; one commit."""
    _require_can_start(author, article)
    title = " ".join((title or "").split())
    if not title:
        raise Invalid("Give your question a title.", field="title")
    if len(title) > THREAD_TITLE_MAX:
        raise Invalid(too_long("the title", THREAD_TITLE_MAX), field="title")
    body = post_service.check_body(body)
    html = render_post_body(body)  # before the write lock
    begin_write()
    _require_can_start(author, article)  # again: the article is read afresh under the lock
    thread = Thread(article_id=article.id, article=article, title=title, author_id=author.id)
    db.session.add(thread)
    try:
        db.session.flush()
        thread.opening_post_id = post_service.add_post(author, thread, body=body, html=html).id
    except ForumError:
        db.session.rollback()
        raise
    db.session.commit()
    return thread


def _require_can_start(author: User, article: Article) -> None:
    if not can_start_thread(author, article):
        raise NotAllowed("You cannot start a thread here: the discussion is closed or your account is suspended.")


def _ancestor_rows(post: Post) -> list:
    """The posts above ``post``, from the top-level one down, with their authors' names, in one query."""
    if post.parent_id is None:
        return []
    chain = select(Post.id, Post.parent_id).where(Post.id == post.parent_id).cte("chain", recursive=True)
    chain = chain.union_all(select(Post.id, Post.parent_id).join(chain, Post.id == chain.c.parent_id))
    rows = db.session.execute(
        select(*Post.__table__.c, User.username.label("author_username"),
               User.display_name.label("author_display_name"))
        .outerjoin(User, User.id == Post.author_id).where(Post.id.in_(select(chain.c.id)))
    ).all()
    return sorted(rows, key=lambda row: row.depth)
