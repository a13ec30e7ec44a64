"""Posting rules, counters and what the thread tree shows, tested on the services directly."""

from __future__ import annotations

import sys
import threading

import mdurl._decode
import mdurl._encode
import pytest
from sqlalchemy import select

from forum.errors import Conflict, Invalid, NotAllowed, RateLimited
from forum.extensions import db
from forum.limits import POST_BODY_MAX
from forum.models import Post, PostRevision, PostState, Thread
from forum.services import markdown, posts, threads


def fresh(obj):
    db.session.refresh(obj)
    return obj


def tree_ids(nodes):
    return [(node.post.id, tree_ids(node.children)) for node in nodes]


def test_an_answer_counts_in_thread_article_and_author(make, member):
    thread = make.thread()
    before = thread.last_activity_at
    post = posts.create_post(member, thread, body="My *answer*")
    thread = fresh(thread)
    assert (thread.post_count, thread.article.post_count, fresh(member).post_count) == (1, 1, 1)
    assert thread.last_activity_at >= before
    assert post.body_html == "<p>My <em>answer</em></p>\n"
    assert post.depth == 0 and post.state == PostState.VISIBLE


def test_a_reply_is_one_deeper_and_counts_on_its_parent(make, member):
    thread = make.thread()
    parent = make.post(thread)
    reply = posts.reply_to(member, parent, body="I agree")
    assert reply.depth == 1 and reply.parent_id == parent.id
    assert fresh(parent).reply_count == 1
    assert fresh(thread).post_count == 2


@pytest.mark.parametrize("body", ["", "   \n "])
def test_empty_posts_are_refused(make, member, body):
    with pytest.raises(Invalid) as error:
        posts.create_post(member, make.thread(), body=body)
    assert error.value.field == "body"


def test_posts_longer_than_the_limit_are_refused(make, member):
    posts.create_post(member, make.thread(), body="x" * POST_BODY_MAX)
    with pytest.raises(Invalid, match=f"Keep your post to {POST_BODY_MAX:,} characters or fewer"):
        posts.create_post(member, make.thread(), body="y" * (POST_BODY_MAX + 1))


def test_the_same_text_twice_in_a_row_is_refused_as_a_duplicate(make, member):
    thread = make.thread()
    posts.create_post(member, thread, body="Same words")
    with pytest.raises(Conflict, match="You just posted that."):
        posts.create_post(member, thread, body="  Same words ")
    posts.create_post(member, thread, body="Other words")


def test_members_wait_between_posts_and_are_told_how_long(app, make):
    app.config.update(POST_INTERVAL_SECONDS=10, NEW_ACCOUNT_POST_INTERVAL_SECONDS=30)
    old_member = make.user()
    old_member.created_at = old_member.created_at.replace(year=2020)
    db.session.commit()
    thread = make.thread()
    posts.create_post(old_member, thread, body="First")
    with pytest.raises(RateLimited, match=r"You can post again in (9|10) seconds\.") as error:
        posts.create_post(old_member, thread, body="Second")
    assert error.value.field == "body"


def test_new_accounts_wait_longer(app, make, member):
    app.config.update(POST_INTERVAL_SECONDS=10, NEW_ACCOUNT_POST_INTERVAL_SECONDS=30)
    thread = make.thread()
    posts.create_post(member, thread, body="First")
    with pytest.raises(RateLimited, match=r"in (29|30) seconds"):
        posts.create_post(member, thread, body="Second")


def test_slow_mode_limits_each_member_per_thread_but_not_moderators(make, member, moderator):
    thread = make.thread(slow_mode_seconds=60)
    posts.create_post(member, thread, body="First")
    with pytest.raises(RateLimited, match="slow mode"):
        posts.create_post(member, thread, body="Second")
    posts.create_post(moderator, thread, body="One")
    posts.create_post(moderator, thread, body="Two")


def test_locked_threads_take_no_posts(make, member):
    with pytest.raises(NotAllowed, match="This thread is locked."):
        posts.create_post(member, make.thread(locked=True), body="Hello")


def test_closed_articles_take_no_posts(make, member):
    thread = make.thread()
    thread.article.discussion_open = False
    db.session.commit()
    with pytest.raises(NotAllowed, match="closed"):
        posts.create_post(member, thread, body="Hello")


def test_suspended_members_cannot_post(make):
    with pytest.raises(NotAllowed, match="suspended"):
        posts.create_post(make.user(suspended_days=3), make.thread(), body="Hello")


def test_premoderated_newcomers_wait_for_approval_and_count_nowhere(make, member, moderator):
    thread = make.thread()
    thread.article.premoderation = True
    db.session.commit()
    pending = posts.create_post(member, thread, body="Am I in?")
    assert pending.state == PostState.PENDING
    assert fresh(thread).post_count == 0 and fresh(member).post_count == 0
    assert posts.create_post(moderator, thread, body="Moderators are trusted").state == PostState.VISIBLE


def test_editing_keeps_the_previous_version_and_marks_the_post(make, member):
    post = make.post(make.thread(), author=member, body="Frist")
    posts.edit_post(member, post, body="First")
    assert post.body == "First" and post.edited_at is not None
    assert db.session.scalars(select(PostRevision.body)).all() == ["Frist"]


def test_only_the_author_edits_or_deletes(make, member):
    post = make.post(make.thread())
    with pytest.raises(NotAllowed):
        posts.edit_post(member, post, body="Mine now")
    with pytest.raises(NotAllowed):
        posts.delete_post(member, post)


def test_only_moderators_read_earlier_versions(make, member, moderator):
    post = make.post(make.thread(), author=member, body="Before")
    posts.edit_post(member, post, body="After")
    assert [r.body for r in posts.post_history(moderator, post)] == ["Before"]
    with pytest.raises(NotAllowed):
        posts.post_history(member, post)


def test_deleting_uncounts_the_post(make, member):
    thread = make.thread()
    parent = make.post(thread)
    post = make.post(thread, author=member, parent=parent)
    posts.delete_post(member, post)
    assert post.state == PostState.DELETED
    assert (fresh(thread).post_count, fresh(member).post_count, fresh(parent).reply_count) == (1, 0, 0)


def test_a_deleted_post_with_replies_stays_as_placeholder_and_one_without_goes(make, member):
    thread = make.thread()
    kept = make.post(thread, author=member)
    reply = make.post(thread, parent=kept)
    gone = make.post(thread, author=member)
    posts.delete_post(member, kept)
    posts.delete_post(member, gone)
    view = threads.read_thread(thread, member, sort="old")
    assert tree_ids(view.roots) == [(kept.id, [(reply.id, [])])]


def test_pending_posts_show_to_their_author_and_moderators_only(make, member, moderator):
    thread = make.thread()
    thread.article.premoderation = True
    db.session.commit()
    pending = posts.create_post(member, thread, body="Waiting")
    other = make.user()
    assert [n.post.id for n in threads.read_thread(thread, member).roots] == [pending.id]
    assert [n.post.id for n in threads.read_thread(thread, moderator).roots] == [pending.id]
    assert threads.read_thread(thread, other).roots == []


def test_replies_past_the_visible_depth_collapse(app, make):
    app.config["MAX_VISIBLE_DEPTH"] = 2
    thread = make.thread()
    chain = [make.post(thread)]
    for _ in range(4):
        chain.append(make.post(thread, parent=chain[-1]))
    root = threads.read_thread(thread, None).roots[0]
    deepest = root.children[0].children[0]
    assert deepest.post.id == chain[2].id and deepest.more and deepest.children == []
    focused = threads.read_post(chain[3], None)
    assert [p.id for p in focused.ancestors] == [p.id for p in chain[:3]]
    assert tree_ids(focused.roots) == [(chain[3].id, [(chain[4].id, [])])]


def test_top_level_posts_paginate_and_replies_follow_their_parent(app, make):
    app.config["POSTS_PER_PAGE"] = 2
    thread = make.thread()
    tops = [make.post(thread) for _ in range(5)]
    reply = make.post(thread, parent=tops[2])
    second = threads.read_thread(thread, None, sort="old", page=2)
    assert tree_ids(second.roots) == [(tops[2].id, [(reply.id, [])]), (tops[3].id, [])]
    assert second.pages == 3
    assert threads.read_thread(thread, None, page=99).roots == []
    assert threads.page_of(reply, None, sort="old") == 2


def test_start_thread_opens_a_thread_with_its_first_post(make, member):
    article = make.article()
    thread = threads.start_thread(member, article, title="  What about   buses? ", body="Asking.")
    assert thread.title == "What about buses?" and thread.author_id == member.id
    assert fresh(thread).post_count == 1


def test_start_thread_writes_nothing_when_the_post_is_refused(make, member):
    article = make.article()
    count = db.session.query(Thread).count()
    with pytest.raises(Invalid):
        threads.start_thread(member, article, title="A title", body="")
    with pytest.raises(Invalid):
        threads.start_thread(member, article, title="", body="Body")
    assert db.session.query(Thread).count() == count
    assert db.session.query(Post).count() == 0


def test_an_edited_post_keeps_its_mention_links(make, member):
    make.user("bob")
    post = make.post(make.thread(), author=member, body="Thanks, @bob.")
    link = '<a class="mention" href="/u/bob">@bob</a>'
    assert link in post.body_html

    edited = posts.edit_post(member, post, body="Thanks again, @bob, and @nobody.")

    assert link in edited.body_html and "@nobody" in edited.body_html
    assert db.session.get(Post, post.id).body_html == edited.body_html


def test_a_fresh_servers_first_posts_render_their_links_in_many_threads_at_once(app):
    """mdurl fills its tables for links on first use, and other threads saw them half-filled: an IndexError,
    answered 500, when a fresh worker's first answers came at once."""
    failed: list[Exception] = []
    switching = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads switch inside the filling, as a busy server's do now and then
    try:
        for _ in range(100):
            markdown._parser.cache_clear()  # a fresh server: no parser yet, mdurl's tables empty
            mdurl._encode.encode_cache.clear()
            mdurl._decode.decode_cache.clear()
            failed += _render_at_once(app, "A [link](https://example.org/a) and https://example.org/b", threads=8)
    finally:
        sys.setswitchinterval(switching)
    assert failed == []


def _render_at_once(app, body: str, *, threads: int) -> list[Exception]:
    start, failed = threading.Barrier(threads), []

    def render() -> None:
        with app.app_context():
            start.wait()
            try:
                markdown.render_markdown(body)
            except Exception as error:  # any failure at all is the finding
                failed.append(error)

    workers = [threading.Thread(target=render) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return failed
