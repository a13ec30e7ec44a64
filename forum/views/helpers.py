"""Small helpers the HTML views share."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from flask import Response, abort, after_this_request, flash, request
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from ..errors import ForumError, RateLimited
from ..limits import MAX_PAGE
from ..permissions import can_delete_article, can_moderate


def show_error(form: FlaskForm | None, error: ForumError, *, status: int = 200) -> int:
    """Put a service's message beside its field, or flash it when no field fits; the status to answer.

    A form page answers ``status`` with the message in it, but a rate limit
    answers 429 with Retry-After, as the API does.
    """
    field = getattr(form, error.field, None) if form is not None and error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "error")
    return error_status(error) if isinstance(error, RateLimited) else status


def error_status(error: ForumError) -> int:
    """The status of a page that shows ``error``; a rate limit's answer also says when to retry."""
    if isinstance(error, RateLimited):
        retry_after = str(error.retry_after)

        @after_this_request
        def _retry_after(response: Response) -> Response:
            response.headers["Retry-After"] = retry_after
            return response

    return error.status


def safe_next(target: str | None, fallback: str) -> str:
    """``target`` if it stays on this site, else ``fallback``.

    Control characters fall back too: CR/LF in a Location header is refused
    by Werkzeug only when the response is built, after the action committed.
    """
    if not target or any(ord(char) < 0x20 or ord(char) == 0x7F for char in target):
        return fallback
    target = target.replace("\\", "/")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


def keep_out_of_caches() -> None:
    """Mark this request's response ``Cache-Control: no-store``: it shows an account's secrets."""
    after_this_request(_no_store)


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def wants_fragment() -> bool:
    """True for htmx requests, which get the fragment the full page includes."""
    return request.headers.get("HX-Request") == "true"


def moderator_required(view: Callable) -> Callable:
    """Visitors go to the login page; members who are not moderators get 403."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not can_moderate(current_user):
            abort(403, "Only moderators can do that.")
        return view(*args, **kwargs)

    return login_required(wrapped)


def admin_required(view: Callable) -> Callable:
    """Visitors go to the login page; members who are not admins (or are suspended) get 403."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not can_delete_article(current_user):
            abort(403, "Only admins can do that.")
        return view(*args, **kwargs)

    return login_required(wrapped)


def page_number() -> int:
    """The ?page= argument, 1 when missing or nonsense, at most MAX_PAGE."""
    page = request.args.get("page", 1, type=int)
    return min(page, MAX_PAGE) if page and page > 0 else 1
