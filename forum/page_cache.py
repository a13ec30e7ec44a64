"""Visitors' thread pages, rendered once per version and served from a cache; HTTP validators for them.

A key names everything the page depends on: the thread's page version (bumped by every change
to what it shows, in the writer's transaction: ``services/page_versions.py``), the audience
(only visitors' pages are cached), the path and query, and a fingerprint of the templates and
of the settings that change rendering. A new version is a new key, so a cached page is never
stale; old entries simply age out. Times in the page are absolute ``<time>`` elements the
browser shows as relative ones, so nothing in it changes with time alone.

With ``REDIS_URL`` the pages live in Redis, shared by every process; without it each process
keeps its own (``PAGE_CACHE_SIZE`` pages, least recently used first out).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from flask import Flask, Response, current_app, request, session
from flask_login import current_user
from werkzeug.http import http_date, quote_etag

log = logging.getLogger(__name__)
CACHEABLE_ARGS = frozenset({"sort", "page"})
# Settings a page's markup depends on; a change to one (with a restart) is a new fingerprint.
RENDERING_SETTINGS = ("POSTS_PER_PAGE", "MAX_VISIBLE_DEPTH", "SITE_URL", "APPLICATION_ROOT",
                      "SCORE_HIDE_MINUTES", "HEAT_SLOW_SECONDS")
REDIS_TTL_SECONDS = 3600  # a page nobody asked for in an hour makes room
REDIS_TIMEOUT_SECONDS = 0.25  # a slow cache is worse than rendering


class MemoryStore:
    """The most recently used pages of this process."""

    def __init__(self, size: int) -> None:
        self._pages: OrderedDict[str, bytes] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def set(self, key: str, page: bytes) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self._size:
                self._pages.popitem(last=False)


class RedisStore:
    """Pages shared by every process and server; an unreachable Redis means rendering, never an error."""

    def __init__(self, url: str) -> None:
        import redis  # here, not at the top: the client costs a quarter second of start-up where no Redis is set

        self._error = redis.RedisError
        self._redis = redis.Redis.from_url(url, socket_timeout=REDIS_TIMEOUT_SECONDS,
                                           socket_connect_timeout=REDIS_TIMEOUT_SECONDS)

    def get(self, key: str) -> bytes | None:
        try:
            return self._redis.get(key)
        except self._error as error:
            log.warning("page cache: Redis unavailable, rendering instead (%s)", error)
            return None

    def set(self, key: str, page: bytes) -> None:
        try:
            self._redis.set(key, page, ex=REDIS_TTL_SECONDS)
        except self._error as error:
            log.warning("page cache: Redis unavailable, page not kept (%s)", error)


def init_page_cache(app: Flask) -> None:
    """Pick the store and fingerprint the templates and settings; 0 pages switches the cache off."""
    size = int(app.config["PAGE_CACHE_SIZE"])
    store = None
    if size:
        store = RedisStore(app.config["REDIS_URL"]) if app.config.get("REDIS_URL") else MemoryStore(size)
    app.extensions["page_cache"] = store
    app.extensions["page_cache_fingerprint"] = _fingerprint(app)
    app.after_request(_private_for_members)


def _fingerprint(app: Flask) -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(app.template_folder).rglob("*.html")):
        digest.update(str(path.relative_to(app.template_folder)).encode() + b"\0" + path.read_bytes())
    for name in RENDERING_SETTINGS:
        digest.update(f"{name}={app.config.get(name)!r}".encode())
    return digest.hexdigest()[:16]


def is_cacheable(viewer) -> bool:
    """A visitor's plain read: no account, no query beyond sort and page, no message waiting to show."""
    return (not getattr(viewer, "is_authenticated", False) and CACHEABLE_ARGS.issuperset(request.args)
            and "_flashes" not in session)


def visitor_page(name: str, version: int, changed_at: datetime, render: Callable[[], str]) -> Response:
    """The visitor's page ``name`` at ``version``: a 304 if the reader has it, else from the cache or ``render``."""
    key = f"agora:page:{current_app.extensions['page_cache_fingerprint']}:visitor:{name}:{version}:{request.full_path}"
    etag = hashlib.sha256(key.encode()).hexdigest()[:32]
    shared_seconds = int(current_app.config["SHARED_CACHE_SECONDS"])
    # Set as strings: the page is served often, and werkzeug's header objects cost more than the rest of it.
    headers = {"ETag": quote_etag(etag), "Last-Modified": http_date(changed_at), "Vary": "Cookie",
               "Cache-Control": f"public, max-age=0, s-maxage={shared_seconds}" if shared_seconds else "public, max-age=0"}
    # Only the ETag decides a 304: Last-Modified counts whole seconds, and two changes within one
    # second would leave a reader who sent only If-Modified-Since with the first.
    if request.if_none_match.contains(etag):
        return Response(status=304, headers=headers)
    store = current_app.extensions["page_cache"]
    page = store.get(key) if store is not None else None
    if page is None:
        page = render().encode()
        if store is not None:
            store.set(key, page)
    return Response(page, mimetype="text/html", headers=headers)


def _private_for_members(response: Response) -> Response:
    """A member's page is theirs alone: no shared cache keeps it, and the browser asks again."""
    if "Cache-Control" not in response.headers and getattr(current_user, "is_authenticated", False):
        response.cache_control.private = True
        response.cache_control.no_cache = True
    return response
