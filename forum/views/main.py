"""Site-wide pages: health check and error pages."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from ..errors import ForumError
from ..extensions import db

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
}


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(ForumError, _forum_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
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
    if status == 405 and error.valid_methods:
        headers["Allow"] = ", ".join(error.valid_methods)
    return error_response(status, message, headers=headers)


def _server_error(error: Exception):
    db.session.rollback()
    current_app.logger.exception("Unhandled error", exc_info=error)
    return error_response(500, "Something went wrong on our side. It has been logged; please try again.")
