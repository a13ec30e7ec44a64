"""Which posts a thread page shows: its answers' order and page in SQL, and the reply trees under them.

The statements are built once per sort, audience and order mode and take the thread, viewer,
limit and offset as bound parameters; ``services/threads.py`` reads pages with them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import current_app
from sqlalchemy import Integer, Select, and_, bindparam, exists, func, or_, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..limits import COLLAPSED_AT_SCORE
from ..models import Post, PostState, Thread, User
from ..permissions import can_moderate, can_see_post, is_member
from . import records, scores
from .records import Node, PostRecord


def audience(viewer) -> str:
    """Whose pending posts ``viewer`` sees among the top-level ones: everyone's, their own, or none."""
    if can_moderate(viewer):
        return "moderator"
    return "member" if is_member(viewer) else "reader"


@functools.cache
def page_queries(sort: str, audience: str, mode: str) -> tuple[Select, Select]:
    """How many top-level posts a page can show, and one page of their ids, in ``sort`` order.

    Built once per sort, audience and order mode (``scores.Ordering``), with the thread, viewer,
    limit and offset as bound parameters: building these statements cost more than running them.
    """
    shown = _top_level(audience)
    count = select(func.count()).where(*shown)
    page = (select(Post.id).where(*shown).order_by(*sql_order(sort, mode))
            .limit(bindparam("limit", type_=Integer)).offset(bindparam("offset", type_=Integer)))
    return count, page


@functools.cache
def position_query(sort: str, audience: str, mode: str) -> Select:
    """Where the top-level post bound as ``root_id`` stands (from 1) among those ``audience`` sees, in
    ``sort`` order; none when it is not among them. The database numbers the rows, and only the one
    comes back; built once per sort, audience and order mode, like ``page_queries``.
    """
    ranked = (select(Post.id, func.row_number().over(order_by=sql_order(sort, mode)).label("position"))
              .where(*_top_level(audience)).subquery())
    return select(ranked.c.position).where(ranked.c.id == bindparam("root_id"))


def _top_level(audience: str) -> list:
    """Conditions for the answers (top-level posts but the opening one, bound as ``opening_id``) ``audience``
    sees in the thread bound as ``thread_id``."""
    thread_id, reply = bindparam("thread_id"), aliased(Post)
    shown = [Post.state.in_((PostState.VISIBLE, PostState.REMOVED)),
             and_(Post.state == PostState.DELETED,
                  exists().where(reply.thread_id == thread_id, reply.parent_id == Post.id,
                                 reply.state != PostState.DELETED))]
    if audience == "moderator":
        shown.append(Post.state == PostState.PENDING)
    elif audience == "member":
        shown.append(and_(Post.state == PostState.PENDING, Post.author_id == bindparam("viewer_id")))
    return [Post.thread_id == thread_id, Post.parent_id.is_(None), Post.id != bindparam("opening_id"), or_(*shown)]


def sql_order(sort: str, mode: str = "plain") -> list:
    """``SORT_KEYS`` as SQL, each order read from its index (models/post.py); while scores are hidden
    (``mode``, see services/scores.py), the reader's shuffle or scores in their window left out."""
    if mode == "contest":
        return scores.shuffled_order()
    if mode == "window":
        column = {"best": Post.best_key, "top": Post.score, "controversial": Post.controversy_key}[sort]
        return [scores.unrevealed(column, 0).desc(), Post.id]
    return {
        "best": [Post.best_key.desc(), Post.id],
        "top": [Post.score.desc(), Post.id],
        "new": [Post.created_at.desc(), Post.id.desc()],
        "old": [Post.created_at, Post.id],
        "controversial": [Post.controversy_key.desc(), Post.id],
    }[sort]


def load_trees(thread: Thread, root_ids: list[int], viewer, key: Callable, *, base: int = 0,
               keep: int | None = None) -> list[Node]:
    """The trees under ``root_ids`` down to the visible depth, in one query with their authors' names;
    replies in the order of ``key`` (a post's sort key)."""
    if not root_ids:
        return []
    limit = current_app.config["MAX_VISIBLE_DEPTH"]
    rows = db.session.execute(
        _tree_query(), {"root_ids": root_ids, "thread_id": thread.id, "max_depth": base + limit + 1}
    )
    loaded = [records.record_from_row(row._asdict(), thread) for row in rows]
    return _assemble(loaded, root_ids, viewer, key, base + limit, keep)


@functools.cache
def _tree_query() -> Select:
    """Posts under the bound ``root_ids`` down to ``max_depth``, with their authors' names; built once."""
    tree = select(Post.id).where(Post.id.in_(bindparam("root_ids", expanding=True))).cte("tree", recursive=True)
    tree = tree.union_all(
        # thread_id first: the (thread_id, parent_id) index finds each level's replies
        select(Post.id).join(tree, and_(Post.thread_id == bindparam("thread_id"), Post.parent_id == tree.c.id))
        .where(Post.depth <= bindparam("max_depth"))
    )
    return (select(*Post.__table__.c, User.username.label("author_username"),
                   User.display_name.label("author_display_name"))
            .outerjoin(User, User.id == Post.author_id).where(Post.id.in_(select(tree.c.id))))


def _assemble(loaded: list[PostRecord], root_ids: list[int], viewer, key: Callable, cutoff: int,
              keep: int | None) -> list[Node]:
    nodes = {post.id: Node(post) for post in loaded if can_see_post(viewer, post)}
    for node in sorted(nodes.values(), key=lambda n: key(n.post)):
        parent = nodes.get(node.post.parent_id)
        if parent is not None and node.post.id not in root_ids:
            parent.children.append(node)
    roots = [root for root in (nodes[i] for i in root_ids if i in nodes) if _prune(root, cutoff) or root.post.id == keep]
    for root in roots:
        root.collapsed = root.collapsed and root.post.id != keep  # a permalink opens on its post
    return roots


def _prune(node: Node, cutoff: int) -> bool:
    """Drop empty "[deleted]" leaves and collapse what lies past ``cutoff``; False if ``node`` goes.

    Counts the replies each post would hide and marks the ones that start collapsed.
    """
    if node.post.depth >= cutoff and node.children:
        node.more, node.children = True, []
    node.children = [child for child in node.children if _prune(child, cutoff)]
    node.hidden = sum(1 + child.hidden for child in node.children)
    node.collapsed = node.post.score <= COLLAPSED_AT_SCORE
    return node.post.state != PostState.DELETED or bool(node.children) or node.more
