"""Atom feeds under /feeds/: new articles, an article's new answers, a thread, a member's posts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from flask import Blueprint, Response, current_app, redirect, url_for

from ..models import Article, Post, utcnow
from ..services import feeds

if TYPE_CHECKING:
    from feedgen.feed import FeedGenerator

bp = Blueprint("feeds", __name__, url_prefix="/feeds")
ATOM = "application/atom+xml; charset=utf-8"


@bp.get("/articles.atom")
def articles():
    entries = feeds.latest_articles(_limit())
    feed = _feed("Agora: new articles", url_for("feeds.articles", _external=True),
                 url_for("articles.index", _external=True), entries)
    for article in entries:
        _add_entry(feed, url_for("articles.show", slug=article.slug, _external=True), article.title, article,
                   author=article.created_by.public_name if article.created_by else "Agora", summary=article.summary)
    return _atom(feed)


@bp.get("/articles/<slug>.atom")
def article_answers(slug: str):
    article = feeds.feed_article(slug)
    return _posts_feed(f"Agora: new answers to “{article.title}”",
                       url_for("feeds.article_answers", slug=slug, _external=True),
                       url_for("articles.show", slug=slug, _external=True), feeds.article_answers(article, _limit()))


@bp.get("/threads/<int:thread_id>.atom")
def thread(thread_id: int):
    found = feeds.feed_thread(thread_id)
    if found.merged_into_id:
        # A merged thread's posts, and so its entries, are in the thread it joined: its feed is there too.
        return redirect(url_for("feeds.thread", thread_id=found.merged_into_id), 301)
    return _posts_feed(f"Agora: {found.title}", url_for("feeds.thread", thread_id=thread_id, _external=True),
                       url_for("threads.show", thread_id=thread_id, _external=True),
                       feeds.thread_posts(found, _limit()))


@bp.get("/u/<username>.atom")
def member(username: str):
    found = feeds.feed_member(username)
    return _posts_feed(f"Agora: posts by {found.public_name}",
                       url_for("feeds.member", username=found.username, _external=True),
                       url_for("users.profile", username=found.username, _external=True),
                       feeds.member_posts(found, _limit()))


def _limit() -> int:
    return current_app.config["FEED_ENTRIES"]


def _feed(title: str, self_url: str, page_url: str, entries: Iterable[Article | Post]) -> FeedGenerator:
    from feedgen.feed import FeedGenerator  # here, not at start: it loads lxml and dateutil

    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(title)
    feed.link(href=page_url, rel="alternate")
    feed.link(href=self_url, rel="self")
    feed.updated(max((_updated(entry) for entry in entries), default=utcnow()))
    return feed


def _updated(entry: Article | Post) -> datetime:
    if isinstance(entry, Article):
        return entry.updated_at or entry.created_at
    return entry.edited_at or entry.created_at


def _posts_feed(title: str, self_url: str, page_url: str, posts: list[Post]) -> Response:
    feed = _feed(title, self_url, page_url, posts)
    for post in posts:
        name = post.author.public_name if post.author else "[deleted]"
        if post.id == post.thread.opening_post_id:  # a member's own question, its details the entry's content
            _add_entry(feed, url_for("threads.show", thread_id=post.thread_id, _external=True),
                       f"{name} asks “{post.thread.title}”", post, author=name)
        else:
            _add_entry(feed, url_for("posts.show", post_id=post.id, _external=True),
                       f"{name} on “{post.thread.title}”", post, author=name)
    return _atom(feed)


def _add_entry(feed: FeedGenerator, url: str, title: str, item: Article | Post, *, author: str,
               summary: str | None = None) -> None:
    entry = feed.add_entry(order="append")
    entry.id(url)
    entry.title(title)
    entry.link(href=url, rel="alternate")
    entry.published(item.created_at)
    entry.updated(_updated(item))
    entry.author(name=author)
    if summary:
        entry.summary(summary)
    entry.content(item.body_html, type="html")  # sanitized when it was saved


def _atom(feed: FeedGenerator) -> Response:
    return Response(feed.atom_str(pretty=False), content_type=ATOM)
