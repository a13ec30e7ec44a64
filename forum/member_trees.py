"""Members' thread pages: rendered once per thread version for every member alike, then made each member's own.

A member's thread page differs from another member's only in their votes, their own posts (which
they may edit or delete, and not vote on or report), the CSRF token in its forms, the account links
of the header (their name and unread count) and the Follow button. So the page is rendered once as a
member who wrote none of the posts, voted on none and follows nothing sees it
(``records.resolve_shared``), with placeholders for the token and the account links, and kept per
process under a key of everything else it depends on: the thread's page version (bumped by every
change to what it shows: ``services/page_versions.py``), the path and query, what the member may do
in the thread, whether heat holds, and the templates' and settings' fingerprint
(``forum/page_cache.py``). A new version is a new key, so a page is never stale.

For each request one query reads the member's votes on the page's posts, whether they follow the
thread and whether they have posts awaiting approval in it (their page is then theirs alone); their
votes are pressed in, their own posts are rendered again as theirs, their account links and Follow
button put in, and their token replaces the placeholder.
Moderators, suspended members, pages with a message to flash or other queries are rendered in full,
as are members who do not see the answers yet (answer first).
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app, g, render_template, request, session
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from .forms.posts import AnswerForm
from .models import Thread, utcnow
from .page_cache import CACHEABLE_ARGS
from .permissions import can_moderate, is_member, thread_actions
from .services import records, scores, threads
from .services.answer_first import hides_answers
from .services.threads import ThreadView

MARK = "\x00post\x00"  # around each post's <article> and each slot in a kept page: no request carries NUL (forum/security.py)
TOKEN = "\x00token\x00"  # where the member's CSRF token goes
ACCOUNT, FOLLOW = "account", "follow"  # the slots for the member's account links and Follow button
# The vote buttons' markup as posts/_macros.html renders it for a member who has not voted.
PRESSED = {1: ('aria-pressed="false">▲'.encode(), 'aria-pressed="true">▲'.encode()),
           -1: ('aria-pressed="false">▼'.encode(), 'aria-pressed="true">▼'.encode())}


@dataclass(frozen=True)
class Page:
    """A kept page: the markup cut around each post and slot (at odd indexes), each post's record, where
    the slots are, and the Follow button either way; all encoded once, not per request, and cut again
    where the CSRF token goes (joined around the member's token, not searched for in each page)."""

    parts: tuple[tuple[bytes, ...], ...]
    posts: dict[int, tuple[int, records.PostRecord]]  # post id: (index in parts, shared record)
    slots: dict[str, int]  # slot name: index in parts
    follow: dict[bool, tuple[bytes, ...]]  # following: the Follow (or Unfollow) button


class PageStore:
    """The most recently used pages of this process."""

    def __init__(self, size: int) -> None:
        self._pages: OrderedDict[tuple, Page] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Page | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def set(self, key: tuple, page: Page) -> None:
        with self._lock:
            self._pages[key] = page
            while len(self._pages) > self._size:
                self._pages.popitem(last=False)


def applies(viewer, thread: Thread) -> bool:
    """A plain read by a member (not a moderator, not suspended) who sees the answers and has no message
    to flash, with the cache on; not in contest mode (each member's own order) nor while a score may
    be in its hiding window (services/scores.py)."""
    return (current_app.extensions.get("member_trees") is not None and is_member(viewer)
            and not can_moderate(viewer) and not viewer.is_suspended() and "_flashes" not in session
            and CACHEABLE_ARGS.issuperset(request.args)
            and not hides_answers(viewer, thread) and not thread.contest_mode
            and not scores.window_open(thread, utcnow()))


def thread_page(thread: Thread, viewer, *, sort: str, page: int) -> bytes | None:
    """The thread page for ``viewer``, encoded; None for a member with posts awaiting approval in the thread,
    whose page is theirs alone."""
    store: PageStore = current_app.extensions["member_trees"]
    allowed = thread_actions(viewer, thread)
    key = (current_app.extensions["page_cache_fingerprint"], thread.id, thread.created_at.timestamp(),
           thread.version, request.script_root, request.full_path, allowed, thread.heat_on(utcnow()))
    kept = store.get(key)
    if kept is None:
        kept = _render(thread, threads.read_thread(thread, viewer, sort=sort, page=page, shared=True))
        store.set(key, kept)
    votes, pending, following = threads.viewer_marks(viewer, thread, list(kept.posts))
    if pending:
        return None
    return _for_viewer(kept, thread, viewer, votes, following)


@contextmanager
def _token_placeholder() -> Iterator[None]:
    """Every form rendered in the block carries ``TOKEN`` (flask_wtf reads the token from ``g`` once made)."""
    name = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    real = g.pop(name, None)
    setattr(g, name, TOKEN)
    try:
        yield
    finally:
        g.pop(name)
        if real is not None:
            setattr(g, name, real)


def _slot(name: str) -> Markup:
    return Markup(MARK + name + MARK)  # nosec B704: constants


def _render(thread: Thread, view: ThreadView) -> Page:
    with _token_placeholder():
        tree = render_template("threads/_tree.html", roots=view.roots, token=TOKEN, mark=MARK)
        # A member-started thread's opening post, cut out like the answers (services/threads.py).
        opening = render_template("threads/_tree.html", roots=[view.opening], token=TOKEN, mark=MARK) \
            if view.opening else ""
        follow = {following: _cut(render_template("follows/_follow.html", thread=thread, following=following))
                  for following in (False, True)}
        form = AnswerForm(formdata=None) if view.allowed.answer else None
        html = render_template("threads/show.html", thread=thread, view=view, form=form,
                               tree_html=Markup(tree), opening_html=Markup(opening),  # nosec B704: rendered
                               account_html=_slot(ACCOUNT),
                               follow_html=_slot(FOLLOW))
    parts = html.split(MARK)
    # Kept without their thread: an ORM object outlives neither its request nor its session.
    shared = {post.id: records.PostRecord(**{**vars(post), "thread": None}) for post in records.walk(
        [view.opening, *view.roots] if view.opening else view.roots)}
    start = len('<article id="post-')
    posts, slots = {}, {}
    for index in range(1, len(parts), 2):
        if parts[index] in (ACCOUNT, FOLLOW):
            slots[parts[index]] = index
            continue
        post_id = int(parts[index][start:parts[index].index('"', start)])
        posts[post_id] = (index, shared[post_id])
    return Page(parts=tuple(_cut(part) for part in parts), posts=posts, slots=slots, follow=follow)


def _cut(markup: str) -> tuple[bytes, ...]:
    """``markup`` encoded, in the pieces between its CSRF token placeholders."""
    return tuple(piece.encode() for piece in markup.split(TOKEN))


def _for_viewer(page: Page, thread: Thread, viewer, votes: dict[int, int], following: bool) -> bytes:
    token = generate_csrf().encode()
    parts, viewer_id = [token.join(pieces) for pieces in page.parts], viewer.id  # the proxy is slow to ask
    for post_id, value in votes.items():
        index, post = page.posts[post_id]
        if post.author_id != viewer_id and post.allowed.vote:
            before, after = PRESSED[value]
            parts[index] = parts[index].replace(before, after, 1)
    own = [records.PostRecord(**{**vars(post), "thread": thread}) for _, post in page.posts.values()
           if post.author_id == viewer_id]
    if own:
        records.resolve(viewer, thread, own, votes=votes)
        for post in own:
            parts[page.posts[post.id][0]] = render_template("posts/_post.html", post=post).encode()
    if ACCOUNT in page.slots:
        parts[page.slots[ACCOUNT]] = _account_links(current_app.extensions["page_cache_fingerprint"],
                                                    request.script_root, viewer.username,
                                                    viewer.unread_notifications or 0)
    if FOLLOW in page.slots:
        parts[page.slots[FOLLOW]] = token.join(page.follow[following])
    return b"".join(parts)


@functools.lru_cache(maxsize=1024)
def _account_links(fingerprint: str, script_root: str, username: str, unread: int) -> bytes:
    """The header's account links for a member with this name and unread count (kept: every page shows them)."""
    template = current_app.jinja_env.get_template("_account_links.html")
    return template.render(viewer=records.Viewer(member=True, username=username, unread_notifications=unread)).encode()


def init_member_trees(app) -> None:
    """A store of ``MEMBER_TREE_CACHE_SIZE`` pages per process; 0 renders every member's page in full."""
    size = int(app.config.get("MEMBER_TREE_CACHE_SIZE", 0))
    app.extensions["member_trees"] = PageStore(size) if size else None
