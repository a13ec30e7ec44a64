"""Site-wide pages: health check and error pages."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..database import UNAVAILABLE_ERRORS, rollback_quietly, unavailable_reason
from ..errors import ForumError
from ..extensions import login_manager
from ..services.health import ESSENTIAL, check_health
from .form_addresses import page_of_form

bp = Blueprint("main", __name__)

ERROR_TITLES = {
    400: "Bad request",
    403: "Not allowed",
    404: "Page not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    422: "Invalid input",
    429: "Too many requests",
    500: "Something went wrong",
    503: "Unavailable for a moment",
}
RETRY_AFTER_SECONDS = 10  # a restarted database or a dropped connection is usually back within seconds
UNAVAILABLE_MESSAGES = {
    "database": "Agora is unavailable for a moment: its database cannot be reached. Please try again shortly.",
    "disk_full": "Agora is unavailable for a moment: its disk is full, so nothing can be saved. "
                 "It has been logged; please try again later.",
}


@bp.get("/healthz")
def healthz():
    """For load balancers and monitors: 200 while Agora can answer, else 503 naming what is not ok.

    Redis unreachable is "degraded", not an error: the rate limits fall back to the database.
    """
    checks = check_health()
    healthy = all(checks[name] == "ok" for name in ESSENTIAL)
    state = ("ok" if all(value == "ok" for value in checks.values()) else "degraded") if healthy else "error"
    return jsonify(status=state, **checks), 200 if healthy else 503


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(ForumError, _forum_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    for error_class in UNAVAILABLE_ERRORS:
        app.register_error_handler(error_class, _unavailable)
    app.register_error_handler(Exception, _server_error)


def error_response(status: int, message: str, *, code: str | None = None, fields=None,
                   headers: dict[str, str] | None = None):
    """An error page, or JSON under /api/."""
    if request.path.startswith("/api/"):
        body = {"error": {"code": code or ERROR_TITLES.get(status, "error").lower().replace(" ", "_"),
                          "message": message, "fields": fields or {}}}
        return jsonify(body), status, headers or {}
    title = ERROR_TITLES.get(status, "Error")
    return render_template("error.html", status=status, title=title, message=message), status, headers or {}


def _forum_error(error: ForumError):
    headers = {"Retry-After": str(error.retry_after)} if hasattr(error, "retry_after") else None
    fields = {error.field: [error.message]} if error.field else None
    return error_response(error.status, error.message, code=error.code, fields=fields, headers=headers)


def _csrf_error(error: CSRFError):
    return error_response(400, "The form expired or came from another site. Reload the page and try again.",
                          code="csrf_failed")


def _http_error(error: HTTPException):
    status = error.code or 500
    headers = {}
    if status == 429:
        message = "Too many requests. Wait a little and try again."
    else:
        message = error.description or ERROR_TITLES.get(status, "Error")
    if status == 405 and (form_page := page_of_form()) is not None:
        return form_page
    if status == 405 and error.valid_methods:
        headers["Allow"] = ", ".join(error.valid_methods)
    return error_response(status, message, headers=headers)


def _unavailable(error: Exception):
    """The database or its disk, not the request, failed: ask the client to come back shortly."""
    rollback_quietly()
    reason = unavailable_reason(error) or "database"
    current_app.logger.error("Unavailable (%s): %s", reason, error)
    # Render as for a visitor: loading the member would need the database that just failed.
    g._login_user = login_manager.anonymous_user()
    return error_response(503, UNAVAILABLE_MESSAGES[reason], code="unavailable",
                          headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def _server_error(error: Exception):
    if unavailable_reason(error):
        return _unavailable(error)
    rollback_quietly()
    current_app.logger.exception("Unhandled error", exc_info=error)
    return error_response(500, "Something went wrong on our side. It has been logged; please try again.")
