"""GET on a form's address leads to the form's page.

A refused form is shown again, with its errors, at the address it was posted to
(``/threads/5/posts``), so the typed text survives without a session to carry it. Reloading
that page from the address bar, from history or from a shared link then asks the address with
GET; instead of a 405, the reader is sent to the nearest page above it (``/threads/5``).
"""

from __future__ import annotations

from flask import current_app, redirect, request
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import MapAdapter, RequestRedirect
from werkzeug.wrappers import Response


def page_of_form() -> Response | None:
    """A redirect to the page above this GET's address, or None where none applies (the API, other methods)."""
    if request.method not in ("GET", "HEAD") or request.path.startswith("/api/"):
        return None
    page = _page_above(request.path)
    if page is None:
        return None
    query = request.query_string.decode("latin-1")
    return redirect(request.script_root + page + (f"?{query}" if query else ""), 303)


def _page_above(path: str) -> str | None:
    """The longest leading part of ``path`` that is a page (answers GET)."""
    adapter = current_app.url_map.bind("")
    while path != "/":
        path = path.rstrip("/").rsplit("/", 1)[0] or "/"
        if _is_page(adapter, path):
            return path
    return None


def _is_page(adapter: MapAdapter, path: str) -> bool:
    try:
        adapter.match(path, method="GET")
    except (MethodNotAllowed, NotFound):
        return False
    except RequestRedirect:  # the page, spelt with or without its trailing slash
        return True
    return True
