"""API moderation: locking, pinning and hiding threads, removing posts, the report queue, suspensions, the log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_login import current_user
from marshmallow import EXCLUDE, Schema, fields, validate

from ...errors import NotFound
from ...extensions import db
from ...limits import (
    LOG_ACTION_MAX, MAX_PAGE, MAX_ROW_ID, REASON_MAX, SUSPENSION_DAYS_MAX, SUSPENSION_DAYS_MIN, out_of_range,
)
from ...models import Post, Report, Thread
from ...services import accounts, articles, members, moderation, moderation_log, records, reports
from .base import ID, StrictBoolean, StrictInteger, operation, bounded_text
from .post_schemas import LogPageSchema, PostSchema, ReportQueueSchema, node
from .schemas import ArticleSchema, ThreadSummarySchema, UserSchema

TAG = "moderation"


class ReasonInput(Schema):
    reason = bounded_text(REASON_MAX, "the reason", load_default="")


class RequiredReasonInput(Schema):
    reason = bounded_text(REASON_MAX, "the reason", required=True)


class ResolveInput(ReasonInput):
    remove = StrictBoolean(load_default=False, metadata={"description": "Also remove the post, with the reason"})


class SuspendInput(RequiredReasonInput):
    days = StrictInteger(required=True, validate=validate.Range(
        min=SUSPENSION_DAYS_MIN, max=SUSPENSION_DAYS_MAX, error=out_of_range("days", SUSPENSION_DAYS_MIN, SUSPENSION_DAYS_MAX)))


class PageOnlyQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))


class LogQuery(PageOnlyQuery):
    action = fields.String(validate=validate.Length(max=LOG_ACTION_MAX))
    target_type = fields.String(validate=validate.OneOf(moderation_log.TARGET_TYPES))
    target_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ROW_ID))


def _get(model: type, ident: int) -> Any:
    found = db.session.get(model, ident)
    if found is None:
        raise NotFound("There is nothing at this address.")
    return found


def _thread_action(verb: str, service: Callable, summary: str) -> None:
    def view(thread_id: int, data: dict[str, Any]):
        thread = _get(Thread, thread_id)
        service(current_user, thread, reason=data["reason"])
        return thread

    view.__name__, view.__doc__ = f"{verb}_thread", summary
    operation(f"/threads/<{ID}:thread_id>/{verb}", "POST", tag=TAG, body=ReasonInput(),
              response=ThreadSummarySchema(), auth="required", errors=(403, 409))(view)


for _verb, _service, _summary in (
    ("lock", moderation.lock_thread, "Lock a thread: no new posts, edits or votes (moderators)"),
    ("unlock", moderation.unlock_thread, "Unlock a thread (moderators)"),
    ("pin", moderation.pin_thread, "Pin a thread to the top of its article (moderators)"),
    ("unpin", moderation.unpin_thread, "Unpin a thread (moderators)"),
    ("hide", moderation.hide_thread, "Hide a thread from everyone but moderators (moderators)"),
    ("unhide", moderation.unhide_thread, "Show a hidden thread again (moderators)"),
):
    _thread_action(_verb, _service, _summary)


@operation(f"/posts/<{ID}:post_id>/remove", "POST", tag=TAG, body=RequiredReasonInput(), response=PostSchema(),
           auth="required", errors=(403, 409))
def remove_post(post_id: int, data: dict[str, Any]):
    """Remove a post with a reason shown to readers (moderators)"""
    post = _get(Post, post_id)
    moderation.remove_post(current_user, post, reason=data["reason"])
    return node(records.post_record(post, current_user))


@operation(f"/posts/<{ID}:post_id>/restore", "POST", tag=TAG, body=ReasonInput(), response=PostSchema(),
           auth="required", errors=(403, 409))
def restore_post(post_id: int, data: dict[str, Any]):
    """Restore a removed post (moderators)"""
    post = _get(Post, post_id)
    moderation.restore_post(current_user, post, reason=data["reason"])
    return node(records.post_record(post, current_user))


@operation("/reports", "GET", tag=TAG, query=PageOnlyQuery(), response=ReportQueueSchema(), auth="required",
           errors=(403,))
def list_reports(query: dict[str, Any]):
    """Open reports grouped by post, most reported first (moderators)"""
    groups, has_next = reports.open_report_groups(current_user, page=query["page"])
    return {"items": groups, "page": query["page"], "has_next": has_next}


@operation(f"/reports/<{ID}:report_id>/resolve", "POST", tag=TAG, body=ResolveInput(), status=204,
           auth="required", errors=(403, 409))
def resolve_report(report_id: int, data: dict[str, Any]):
    """Resolve every open report on the reported post, removing it when asked (moderators)"""
    reports.resolve_report(current_user, _get(Report, report_id), remove=data["remove"], reason=data["reason"])


@operation(f"/reports/<{ID}:report_id>/dismiss", "POST", tag=TAG, body=ReasonInput(), status=204,
           auth="required", errors=(403, 409))
def dismiss_report(report_id: int, data: dict[str, Any]):
    """Dismiss every open report on the reported post, leaving it as it is (moderators)"""
    reports.dismiss_report(current_user, _get(Report, report_id), reason=data["reason"])


@operation("/users/<username>/suspend", "POST", tag=TAG, body=SuspendInput(), response=UserSchema(),
           auth="required", errors=(403,))
def suspend_user(username: str, data: dict[str, Any]):
    """Suspend a member for some days: they can read, not post, vote or report (moderators)"""
    user = accounts.get_user(username)
    members.suspend_user(current_user, user, days=data["days"], reason=data["reason"])
    return user


@operation("/users/<username>/unsuspend", "POST", tag=TAG, body=ReasonInput(), response=UserSchema(),
           auth="required", errors=(403, 409))
def unsuspend_user(username: str, data: dict[str, Any]):
    """End a suspension early (moderators)"""
    user = accounts.get_user(username)
    members.unsuspend_user(current_user, user, reason=data["reason"])
    return user


@operation("/articles/<slug>/close", "POST", tag=TAG, body=ReasonInput(), response=ArticleSchema(),
           auth="required", errors=(403, 409))
def close_article(slug: str, data: dict[str, Any]):
    """Close an article's discussion: every thread becomes read-only (moderators)"""
    article = articles.get_article(slug, current_user)
    articles.set_discussion_open(current_user, article, is_open=False, reason=data["reason"])
    return article


@operation("/articles/<slug>/reopen", "POST", tag=TAG, body=ReasonInput(), response=ArticleSchema(),
           auth="required", errors=(403, 409))
def reopen_article(slug: str, data: dict[str, Any]):
    """Reopen an article's discussion (moderators)"""
    article = articles.get_article(slug, current_user)
    articles.set_discussion_open(current_user, article, is_open=True, reason=data["reason"])
    return article


@operation("/moderation/log", "GET", tag=TAG, query=LogQuery(), response=LogPageSchema(), auth="optional")
def moderation_log_entries(query: dict[str, Any]):
    """The moderation log, newest first; moderators also see who acted"""
    log = moderation_log.log_entries(
        current_user, action=query.get("action"), target_type=query.get("target_type"),
        target_id=query.get("target_id"), page=query["page"])
    return {"items": log.entries, "page": query["page"], "has_next": log.has_next}
