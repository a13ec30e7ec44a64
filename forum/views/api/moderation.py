"""API moderation: threads (lock, pin, hide, slow mode), posts (remove, restore, approve, reject), articles
(close, reopen, pre-moderation), the report and approval queues, the log. Users: api/users.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_login import current_user
from marshmallow import EXCLUDE, Schema, fields, validate

from ...errors import NotFound
from ...extensions import db
from ...limits import (
    LOG_ACTION_MAX, MAX_PAGE, MAX_ROW_ID, REASON_MAX, SLOW_MODE_SECONDS_MAX, out_of_range,
)
from ...models import Post, Report, Thread
from ...services import articles, moderation, moderation_log, records, reports
from .base import ID, SLUG, StrictBoolean, StrictInteger, bounded_text, operation
from .post_schemas import LogPageSchema, PendingPageSchema, PostSchema, ReportQueueSchema, node
from .schemas import ArticleSchema, ThreadSummarySchema

TAG = "moderation"


class ReasonInput(Schema):
    reason = bounded_text(REASON_MAX, "the reason", load_default="")


class RequiredReasonInput(Schema):
    reason = bounded_text(REASON_MAX, "the reason", required=True)


class ResolveInput(ReasonInput):
    remove = StrictBoolean(load_default=False, metadata={"description": "Also remove the post, with the reason"})


class SlowModeInput(ReasonInput):
    seconds = StrictInteger(required=True, validate=validate.Range(
        min=0, max=SLOW_MODE_SECONDS_MAX, error=out_of_range("seconds", 0, SLOW_MODE_SECONDS_MAX)),
        metadata={"description": "Seconds each member waits between posts in the thread; 0 turns slow mode off"})


class PremoderationInput(ReasonInput):
    enabled = StrictBoolean(required=True, metadata={"description": "Hold new members' posts for approval"})


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

    view.__name__, view.__doc__ = f"{verb.replace('-', '_')}_thread", summary
    operation(f"/threads/<{ID}:thread_id>/{verb}", "POST", tag=TAG, body=ReasonInput(),
              response=ThreadSummarySchema(), auth="required", errors=(403, 409))(view)


for _verb, _service, _summary in (
    ("lock", moderation.lock_thread, "Lock a thread: no new posts, edits or votes (moderators)"),
    ("unlock", moderation.unlock_thread, "Unlock a thread (moderators)"),
    ("pin", moderation.pin_thread, "Pin a thread to the top of its article (moderators)"),
    ("unpin", moderation.unpin_thread, "Unpin a thread (moderators)"),
    ("hide", moderation.hide_thread, "Hide a thread from everyone but moderators (moderators)"),
    ("unhide", moderation.unhide_thread, "Show a hidden thread again (moderators)"),
    ("answer-first", moderation.require_answers_first,
     "Require answers first: members see answers once they have posted one (moderators)"),
    ("answers-to-all", moderation.show_answers_to_all, "Show a thread's answers to all again (moderators)"),
    ("start-contest", moderation.start_contest_mode,
     "Start contest mode: scores hidden, answers shuffled per reader (moderators)"),
    ("end-contest", moderation.end_contest_mode, "End contest mode: scores show again (moderators)"),
    ("end-heat", moderation.end_heat, "End a thread's automatic slow mode now (moderators)"),
    ("extend-heat", moderation.extend_heat,
     "Keep a thread's automatic slow mode on for another FORUM_HEAT_MINUTES (moderators)"),
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


@operation(f"/posts/<{ID}:post_id>/approve", "POST", tag=TAG, body=ReasonInput(), response=PostSchema(),
           auth="required", errors=(403, 409))
def approve_post(post_id: int, data: dict[str, Any]):
    """Publish a post waiting for approval, counting it as a new post (moderators)"""
    post = _get(Post, post_id)
    moderation.approve_post(current_user, post, reason=data["reason"])
    return node(records.post_record(post, current_user))


@operation(f"/posts/<{ID}:post_id>/reject", "POST", tag=TAG, body=ReasonInput(), response=PostSchema(),
           auth="required", errors=(403, 409))
def reject_post(post_id: int, data: dict[str, Any]):
    """Keep a post waiting for approval out of its thread; its author sees the reason (moderators)"""
    post = _get(Post, post_id)
    moderation.reject_post(current_user, post, reason=data["reason"])
    return node(records.post_record(post, current_user))


@operation("/moderation/queue", "GET", tag=TAG, query=PageOnlyQuery(), response=PendingPageSchema(),
           auth="required", errors=(403,))
def approval_queue(query: dict[str, Any]):
    """Posts waiting for approval, oldest first (moderators)"""
    pending, has_next = moderation.pending_posts(current_user, page=query["page"])
    return {"items": [node(record) for record in records.post_records(pending, current_user)],
            "page": query["page"], "has_next": has_next}


@operation(f"/threads/<{ID}:thread_id>/slow-mode", "POST", tag=TAG, body=SlowModeInput(),
           response=ThreadSummarySchema(), auth="required", errors=(403, 409))
def set_slow_mode(thread_id: int, data: dict[str, Any]):
    """Make each member wait between posts in a thread, or end slow mode with 0 (moderators)"""
    thread = _get(Thread, thread_id)
    moderation.set_slow_mode(current_user, thread, seconds=data["seconds"], reason=data["reason"])
    return thread


@operation(f"/articles/<{SLUG}:slug>/premoderation", "POST", tag=TAG, body=PremoderationInput(), response=ArticleSchema(),
           auth="required", errors=(403, 409))
def set_premoderation(slug: str, data: dict[str, Any]):
    """Turn pre-moderation of an article's new members on or off (moderators)"""
    article = articles.get_article(slug, current_user)
    moderation.set_premoderation(current_user, article, enabled=data["enabled"], reason=data["reason"])
    return article


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


@operation(f"/articles/<{SLUG}:slug>/close", "POST", tag=TAG, body=ReasonInput(), response=ArticleSchema(),
           auth="required", errors=(403, 409))
def close_article(slug: str, data: dict[str, Any]):
    """Close an article's discussion: every thread becomes read-only (moderators)"""
    article = articles.get_article(slug, current_user)
    articles.set_discussion_open(current_user, article, is_open=False, reason=data["reason"])
    return article


@operation(f"/articles/<{SLUG}:slug>/reopen", "POST", tag=TAG, body=ReasonInput(), response=ArticleSchema(),
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
