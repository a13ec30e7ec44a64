"""Visitors' thread pages come from a cache that is never stale, and answer conditional requests."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest
import redis
from flask import current_app
from sqlalchemy import event, select

from forum.extensions import db
from forum.models import Thread
from forum.services import articles, auth, digest, moderation, moves, posts, profiles, threads, votes
from tests.conftest import build_app, dispose
from tests.factories import Factory

REDIS_URL = os.environ.get("FORUM_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def cached_app(request, database_uri):
    """The app with its page cache in this process, or in Redis."""
    app = build_app(database_uri, REDIS_URL=REDIS_URL if request.param == "redis" else None)
    with app.app_context():
        yield app
    dispose(app)


@pytest.fixture
def scene(cached_app, make):
    """A thread with Alice's answer (Bob replied to it), a moderator, and Bob who votes."""
    mod = make.user("mod", role="moderator")
    article = make.article("Cities and bicycles", author=mod)
    thread = make.thread(article)
    alice, bob = make.user("alice"), make.user("bob")
    answer = make.post(thread, author=alice, body="Bike lanes calm the traffic.")
    make.post(thread, author=bob, parent=answer, body="They calm it for everyone.")
    return SimpleNamespace(app=cached_app, mod=mod, article=article, thread=thread, alice=alice, bob=bob,
                           answer=answer, client=cached_app.test_client())


def visitor_page(scene, thread=None) -> str:
    response = scene.client.get(f"/threads/{(thread or scene.thread).id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def retitle(scene) -> None:
    draft = articles.check_draft(title="Cities and trams", body="Some **body** text.", source_url=None,
                                 questions=[scene.thread.title, "Would you do the same?"])
    articles.update_article(scene.mod, scene.article, draft)


CHANGES = {
    "a new answer": (lambda s: posts.create_post(s.bob, s.thread, body="Buses need lanes too."),
                     "Buses need lanes too."),
    "a new reply": (lambda s: posts.reply_to(s.alice, s.answer, body="Even the drivers?"), "Even the drivers?"),
    "a vote": (lambda s: votes.cast_vote(s.bob, s.answer, value=1), 'data-score="1"'),
    "an edit": (lambda s: posts.edit_post(s.alice, s.answer, body="Bike lanes calm most traffic."),
                "Bike lanes calm most traffic."),
    "a removal": (lambda s: moderation.remove_post(s.mod, s.answer, reason="Off topic here"),
                  "Removed by a moderator: Off topic here"),
    "a deletion": (lambda s: posts.delete_post(s.alice, s.answer), "[deleted]"),
    "a lock": (lambda s: moderation.lock_thread(s.mod, s.thread), "This thread is locked."),
    "a renamed author": (lambda s: auth.rename(s.alice, "alicia"), ">alicia</a>"),
    "a display name": (lambda s: profiles.edit_profile(s.alice, display_name="Alice Liddell", bio=""),
                       '<span class="display-name">Alice Liddell</span> <span class="username">@alice</span>'),
    "slow mode": (lambda s: moderation.set_slow_mode(s.mod, s.thread, seconds=30),
                  "Slow mode: one post every 30 seconds."),
    "contest mode": (lambda s: moderation.start_contest_mode(s.mod, s.thread), "Score hidden"),
    "heat": (lambda s: (current_app.config.update(HEAT_POSTS=1),
                        posts.create_post(s.bob, s.thread, body="Buses need lanes too.")),
             "Slow mode is on: 3 posts in 10 minutes."),
    "a closed article": (lambda s: articles.set_discussion_open(s.mod, s.article, is_open=False),
                         "Discussion on this article is closed."),
    "an edited article": (retitle, "Cities and trams"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_every_change_to_what_a_thread_page_shows_reaches_visitors_at_once(scene, change):
    act, expected = CHANGES[change]
    before = visitor_page(scene)
    assert visitor_page(scene) == before  # the second read came from the cache
    assert expected not in before
    act(scene)
    assert expected in visitor_page(scene)


def test_a_deleted_article_takes_its_cached_thread_pages_and_restoring_brings_them_back(scene, make):
    admin = make.user("root", role="admin")
    before = visitor_page(scene)
    version = scene.thread.version
    articles.delete_article(admin, scene.article, reason="Imported twice")
    assert scene.thread.version > version
    assert scene.client.get(f"/threads/{scene.thread.id}").status_code == 404
    articles.restore_article(admin, scene.article)
    assert visitor_page(scene) == before


def test_a_moved_answer_leaves_one_cached_page_and_joins_the_other(scene):
    other = db.session.scalars(select(Thread).where(Thread.article_id == scene.article.id,
                                                    Thread.id != scene.thread.id)).first()
    assert "Bike lanes calm the traffic." in visitor_page(scene)
    assert "Bike lanes calm the traffic." not in visitor_page(scene, other)
    moves.move_post(scene.mod, scene.answer, target=other)
    assert "Bike lanes calm the traffic." not in visitor_page(scene)
    assert "Bike lanes calm the traffic." in visitor_page(scene, other)


def test_a_merged_thread_shows_in_its_target_at_once(scene, make):
    started = threads.start_thread(scene.bob, scene.article, title="Trams instead?", body="Rails last longer.")
    assert "Rails last longer." not in visitor_page(scene)
    moves.merge_thread(scene.mod, started, target=scene.thread)
    assert "Rails last longer." in visitor_page(scene)


def test_a_cached_page_of_a_thread_hidden_since_is_gone_for_visitors(scene):
    visitor_page(scene)
    moderation.hide_thread(scene.mod, scene.thread, reason="Spam")
    assert scene.client.get(f"/threads/{scene.thread.id}").status_code == 404


def test_a_cached_page_of_a_thread_merged_since_sends_visitors_to_its_target(scene):
    started = threads.start_thread(scene.bob, scene.article, title="Trams instead?", body="Rails last longer.")
    assert "Rails last longer." in visitor_page(scene, started)
    moves.merge_thread(scene.mod, started, target=scene.thread)
    response = scene.client.get(f"/threads/{started.id}")
    assert response.status_code == 301 and response.location.endswith(f"/threads/{scene.thread.id}")


def test_a_visitors_second_read_only_asks_for_the_threads_version(scene):
    visitor_page(scene)
    url = f"/threads/{scene.thread.id}"
    with scene.app.app_context():
        engine = db.engine  # the cached app's, which answers the client: the test's own objects use another app's
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert scene.client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert [s.split()[0] for s in statements if "FROM threads" in s] == ["SELECT"]
    assert not [s for s in statements if "FROM posts" in s]


def test_a_reader_who_has_the_page_gets_304_until_it_changes(scene):
    first = scene.client.get(f"/threads/{scene.thread.id}")
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    again = scene.client.get(f"/threads/{scene.thread.id}", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    votes.cast_vote(scene.bob, scene.answer, value=1)
    changed = scene.client.get(f"/threads/{scene.thread.id}", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.headers["ETag"] != first.headers["ETag"]


def test_a_shared_cache_may_keep_a_visitors_page_a_few_seconds_but_never_a_members(scene):
    visitor = scene.client.get(f"/threads/{scene.thread.id}")
    assert visitor.cache_control.public and visitor.cache_control.max_age == 0
    assert visitor.cache_control.s_maxage == scene.app.config["SHARED_CACHE_SECONDS"] == 5
    assert "Cookie" in visitor.vary
    auth_client = scene.app.test_client()
    auth_client.post("/login", data={"identifier": "bob", "password": Factory.PASSWORD})
    member = auth_client.get(f"/threads/{scene.thread.id}")
    assert member.cache_control.private and member.cache_control.no_cache and "ETag" not in member.headers
    assert "Log out" in member.get_data(as_text=True)


def test_members_and_readers_with_a_message_waiting_never_get_the_cached_page(scene):
    visitor_page(scene)
    with scene.client.session_transaction() as session:
        session["_flashes"] = [("info", "You have been logged out.")]
    assert "You have been logged out." in visitor_page(scene)


def test_times_in_a_page_are_dates_the_browser_makes_relative(scene):
    page = visitor_page(scene)
    created = scene.answer.created_at.isoformat(timespec="seconds")
    assert f'<time datetime="{created}" title="{created[:10]} {created[11:16]} UTC" data-relative>{created[:10]}</time>' in page
    assert " ago" not in page and "just now" not in page


@pytest.mark.redis
def test_with_redis_every_process_serves_the_pages_another_rendered(database_uri, make):
    first, second = (build_app(database_uri, REDIS_URL=REDIS_URL) for _ in range(2))
    with first.app_context():
        thread = make.thread()
        make.post(thread, body="Shared between processes.")
        page = first.test_client().get(f"/threads/{thread.id}").get_data(as_text=True)
        key = f"agora:page:*:thread-{thread.id}-{thread.created_at.timestamp()}-*"
        assert redis.Redis.from_url(REDIS_URL).keys(key)
        assert second.test_client().get(f"/threads/{thread.id}").get_data(as_text=True) == page
    dispose(first)
    dispose(second)


@pytest.fixture
def article_scene(scene, make):
    """Alice's answer has two votes, so it leads its question's best answers on the article page."""
    for name in ("carol", "dave"):
        votes.cast_vote(make.user(name), scene.answer, value=1)
    return scene


def article_page(scene) -> str:
    response = scene.client.get(f"/articles/{scene.article.slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


# Each change: what appears on the article page after it, and what disappears.
ARTICLE_CHANGES = {
    "a vote": (lambda s: votes.cast_vote(s.bob, s.answer, value=1), "3 points", "2 points"),
    "a feature": (lambda s: digest.feature_post(s.mod, s.answer), "Featured</span>", None),
    "a removal": (lambda s: moderation.remove_post(s.mod, s.answer, reason="Off topic here"), None,
                  "Bike lanes calm the traffic."),
    "an edit": (lambda s: posts.edit_post(s.alice, s.answer, body="Bike lanes calm most traffic."),
                "Bike lanes calm most traffic.", "Bike lanes calm the traffic."),
    "a new answer": (lambda s: posts.create_post(s.bob, s.thread, body="Buses need lanes too."), "2 answers",
                     "1 answer"),
    "a hidden thread": (lambda s: moderation.hide_thread(s.mod, s.thread), None, "Bike lanes calm the traffic."),
    "an edited article": (retitle, "Cities and trams", None),
}


@pytest.mark.parametrize("change", ARTICLE_CHANGES)
def test_every_change_in_an_articles_threads_reaches_its_cached_article_page(article_scene, change):
    act, appears, disappears = ARTICLE_CHANGES[change]
    before = article_page(article_scene)
    assert article_page(article_scene) == before  # the second read came from the cache
    assert "Bike lanes calm the traffic." in before and (appears is None or appears not in before)
    act(article_scene)
    after = article_page(article_scene)
    assert appears is None or appears in after
    assert disappears is None or disappears not in after


def test_a_visitors_second_read_of_an_article_page_asks_only_for_versions(article_scene):
    article_page(article_scene)
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        article_page(article_scene)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert not [s for s in statements if "FROM posts" in s]
