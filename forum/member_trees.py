"""Members' thread trees: rendered once per thread version for every member alike, then made each member's own.

A member's thread page differs from another member's only in their votes, their own posts (which
they may edit or delete, and not vote on or report) and the CSRF token in its forms. So the tree is
rendered once as a member who wrote none of the posts and voted on none sees it
(``records.resolve_shared``), with a placeholder for the token, and kept per process under a key of
everything else it depends on: the thread's page version (bumped by every change to what it shows:
``services/page_versions.py``), the path and query, whether the member may post there, and the
templates' and settings' fingerprint (``forum/page_cache.py``). A new version is a new key, so a
tree is never stale.

For each request the member's votes on the page's posts are read in one query (which also tells
whether they have posts awaiting approval in the thread: their page is then theirs alone) and pressed
in, their own posts are rendered again as theirs, and their token replaces the placeholder.
Moderators, members with posts awaiting approval and pages with other queries are rendered in full,
as are members who do not see the answers yet (answer first).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from flask import current_app, render_template, request
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from .models import Thread, utcnow
from .page_cache import CACHEABLE_ARGS
from .permissions import can_moderate, can_post_in, is_member
from .services import records, scores, threads
from .services.answer_first import hides_answers
from .services.threads import ThreadView

MARK = "\x00post\x00"  # around each post's <article> in a kept tree: no request carries NUL (forum/security.py)
TOKEN = "\x00token\x00"  # where the member's CSRF token goes
# The vote buttons' markup as posts/_macros.html renders it for a member who has not voted.
PRESSED = {1: ('aria-pressed="false">▲', 'aria-pressed="true">▲'),
           -1: ('aria-pressed="false">▼', 'aria-pressed="true">▼')}


@dataclass(frozen=True)
class Tree:
    """A kept tree: the markup cut around each post (posts at odd indexes), and each post's record."""

    parts: tuple[str, ...]
    posts: dict[int, tuple[int, records.PostRecord]]  # post id: (index in parts, shared record)
    page: int
    pages: int


class TreeStore:
    """The most recently used trees of this process."""

    def __init__(self, size: int) -> None:
        self._trees: OrderedDict[tuple, Tree] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Tree | None:
        with self._lock:
            tree = self._trees.get(key)
            if tree is not None:
                self._trees.move_to_end(key)
            return tree

    def set(self, key: tuple, tree: Tree) -> None:
        with self._lock:
            self._trees[key] = tree
            while len(self._trees) > self._size:
                self._trees.popitem(last=False)


def applies(viewer, thread: Thread) -> bool:
    """A plain read by a member (not a moderator) who sees the answers, with the cache on; not in contest
    mode (each member's own order) nor while a score may be in its hiding window (services/scores.py)."""
    return (current_app.extensions.get("member_trees") is not None and is_member(viewer)
            and not can_moderate(viewer) and CACHEABLE_ARGS.issuperset(request.args)
            and not hides_answers(viewer, thread) and not thread.contest_mode
            and not scores.window_open(thread, utcnow()))


def thread_page(thread: Thread, viewer, *, sort: str, page: int) -> tuple[ThreadView, Markup] | None:
    """The page's view (without posts) and its tree's markup for ``viewer``; None for a member with
    posts awaiting approval in the thread, whose page is theirs alone."""
    store: TreeStore = current_app.extensions["member_trees"]
    key = (current_app.extensions["page_cache_fingerprint"], thread.id, thread.created_at.timestamp(),
           thread.version, request.script_root, request.full_path, can_post_in(viewer, thread))
    tree = store.get(key)
    if tree is None:
        view = threads.read_thread(thread, viewer, sort=sort, page=page, shared=True)
        tree = _render(view)
        store.set(key, tree)
    else:
        view = threads.page_view(thread, viewer, sort=sort, page=tree.page, pages=tree.pages)
    votes, pending = threads.viewer_marks(viewer, thread, list(tree.posts))
    if pending:
        return None
    return view, _for_viewer(tree, thread, viewer, votes)


def _render(view: ThreadView) -> Tree:
    html = render_template("threads/_tree.html", roots=view.roots, token=TOKEN, mark=MARK)
    parts = tuple(html.split(MARK))
    # Kept without their thread: an ORM object outlives neither its request nor its session.
    shared = {post.id: records.PostRecord(**{**vars(post), "thread": None}) for post in records.walk(view.roots)}
    start = len('<article id="post-')
    posts = {}
    for index in range(1, len(parts), 2):
        post_id = int(parts[index][start:parts[index].index('"', start)])
        posts[post_id] = (index, shared[post_id])
    return Tree(parts=parts, posts=posts, page=view.page, pages=view.pages)


def _for_viewer(tree: Tree, thread: Thread, viewer, votes: dict[int, int]) -> Markup:
    parts, viewer_id = list(tree.parts), viewer.id  # once: the session's user is a proxy, slow to ask
    for post_id, value in votes.items():
        index, post = tree.posts[post_id]
        if post.author_id != viewer_id and post.allowed.vote:
            before, after = PRESSED[value]
            parts[index] = parts[index].replace(before, after, 1)
    own = [records.PostRecord(**{**vars(post), "thread": thread}) for _, post in tree.posts.values()
           if post.author_id == viewer_id]
    if own:
        records.resolve(viewer, thread, own, votes=votes)
        for post in own:
            parts[tree.posts[post.id][0]] = render_template("posts/_post.html", post=post)
    return Markup("".join(parts).replace(TOKEN, generate_csrf()))  # nosec B704: rendered templates only


def init_member_trees(app) -> None:
    """A store of ``MEMBER_TREE_CACHE_SIZE`` trees per process; 0 renders every member's page in full."""
    size = int(app.config.get("MEMBER_TREE_CACHE_SIZE", 0))
    app.extensions["member_trees"] = TreeStore(size) if size else None
