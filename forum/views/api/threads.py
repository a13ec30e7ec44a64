"""API threads: reading one as a tree of posts, answering and replying, starting a thread."""

from __future__ import annotations

from typing import Any

from flask import redirect, url_for
from flask_login import current_user
from marshmallow import EXCLUDE, Schema, fields, validate

from ...limits import MAX_PAGE, MAX_ROW_ID, POST_BODY_MAX, THREAD_TITLE_MAX
from ...services import articles, posts, records, threads
from .base import ID, SLUG, StrictInteger, bounded_text, operation
from .post_schemas import PostSchema, ThreadSchema, node

TAG = "threads"


class ThreadQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    sort = fields.String(load_default=threads.DEFAULT_SORT, validate=validate.OneOf(threads.SORTS))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))


class PostInput(Schema):
    body = bounded_text(POST_BODY_MAX, "your post", required=True)
    parent_id = StrictInteger(load_default=None, allow_none=True, validate=validate.Range(min=1, max=MAX_ROW_ID),
                               metadata={"description": "The post this one replies to, in the same thread"})


class ThreadInput(Schema):
    title = bounded_text(THREAD_TITLE_MAX, "the title", required=True)
    body = bounded_text(POST_BODY_MAX, "your post", required=True)


@operation(f"/threads/<{ID}:thread_id>", "GET", tag=TAG, query=ThreadQuery(), response=ThreadSchema(),
           auth="optional", redirect="The thread was merged into another; Location is that thread's address")
def get_thread(thread_id: int, query: dict[str, Any]):
    """A page of a thread's top-level posts, each with its replies as a tree, and the reader's votes"""
    thread = threads.get_thread(thread_id, current_user)
    if thread.id != thread_id:
        sort = None if query["sort"] == threads.DEFAULT_SORT else query["sort"]
        return redirect(url_for("api.get_thread", thread_id=thread.id, sort=sort), 301)
    return threads.read_thread(thread, current_user, sort=query["sort"], page=query["page"])


@operation(f"/threads/<{ID}:thread_id>/posts", "POST", tag=TAG, body=PostInput(), response=PostSchema(),
           status=201, auth="required", errors=(403, 409, 429))
def create_post(thread_id: int, data: dict[str, Any]):
    """Answer in a thread, or reply to one of its posts with parent_id"""
    thread = threads.get_thread(thread_id, current_user)
    parent = posts.get_post(data["parent_id"], current_user) if data["parent_id"] else None
    post = posts.create_post(current_user, thread, body=data["body"], parent=parent)
    return node(records.post_record(post, current_user))


@operation(f"/articles/<{SLUG}:slug>/threads", "POST", tag=TAG, body=ThreadInput(), response=ThreadSchema(),
           status=201, auth="required", errors=(403, 409, 429))
def start_thread(slug: str, data: dict[str, Any]):
    """Start a thread of one's own under an article, with its opening post"""
    article = articles.get_article(slug, current_user)
    thread = threads.start_thread(current_user, article, title=data["title"], body=data["body"])
    return threads.read_thread(thread, current_user)
