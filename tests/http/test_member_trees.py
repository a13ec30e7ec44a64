"""Members' thread trees are rendered once per thread version and made each member's own (forum/member_trees.py):
one member's votes, own posts, pending posts and CSRF token never show on another's page, and the tree is never stale."""

from __future__ import annotations

import re

import pytest
from flask import template_rendered
from forum.extensions import db
from forum.models import PostState
from forum.services import follows, posts, votes
from forum.services.users import suspend_user
from tests.factories import Factory


@pytest.fixture
def members(app, make):
    """A thread with Alice's and Bob's answers, and a logged-in client for each of Alice, Bob and Carol."""
    names = ("alice", "bob", "carol")
    users = {name: make.user(name) for name in names}
    thread = make.thread()
    answers = {name: make.post(thread, author=users[name], body=f"{name.title()} answers.") for name in ("alice", "bob")}
    clients = {}
    for name in names:
        clients[name] = app.test_client()
        clients[name].post("/login", data={"identifier": name, "password": Factory.PASSWORD})
    return thread, users, answers, clients


def page(client, thread) -> str:
    response = client.get(f"/threads/{thread.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def article(html: str, post) -> str:
    start = html.index(f'<article id="post-{post.id}"')
    return html[start:html.index("</article>", start)]


def tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrf_token" value="([^"]+)"', html))


def renders(app):
    """How many times the tree is rendered during the block (the thread page's tree template)."""
    seen = []

    def count(sender, template, context, **extra):
        if template.name == "threads/_tree.html":
            seen.append(1)
    template_rendered.connect(count, app)
    return seen, lambda: template_rendered.disconnect(count, app)


def test_each_member_sees_their_own_votes_posts_and_token_on_one_shared_tree(app, members):
    thread, users, answers, clients = members
    votes.cast_vote(users["carol"], answers["alice"], value=1)
    votes.cast_vote(users["carol"], answers["bob"], value=-1)
    seen, stop = renders(app)
    try:
        pages = {name: page(clients[name], thread) for name in ("alice", "bob", "carol")}
        assert page(clients["carol"], thread) == pages["carol"]  # a second read, from the kept tree, is the same page
    finally:
        stop()
    assert len(seen) == 1  # one render for the three of them

    carol = pages["carol"]
    assert 'aria-label="Upvote" title="Upvote" aria-pressed="true"' in article(carol, answers["alice"])
    assert 'aria-label="Downvote" title="Downvote" aria-pressed="true"' in article(carol, answers["bob"])
    for name in ("alice", "bob"):
        assert all('aria-pressed="true"' not in article(pages[name], answer) for answer in answers.values())

    # Alice may edit and delete her answer and not vote on it; she may vote on and report Bob's.
    alice = pages["alice"]
    assert ">Edit</a>" in article(alice, answers["alice"]) and ">Delete</button>" in article(alice, answers["alice"])
    assert 'aria-label="Upvote"' not in article(alice, answers["alice"]) and ">Report<" not in article(alice, answers["alice"])
    assert 'aria-label="Upvote"' in article(alice, answers["bob"]) and ">Report<" in article(alice, answers["bob"])
    assert ">Edit</a>" not in article(alice, answers["bob"])
    assert ">Edit</a>" not in article(carol, answers["alice"]) and ">Delete</button>" not in carol

    # Each page's forms carry one token: the one the page's other forms (follow, log out) got for this session.
    assert [len(tokens(pages[name])) for name in pages] == [1, 1, 1]
    assert "\x00" not in "".join(pages.values())


def test_a_change_to_the_thread_is_a_new_tree(app, members):
    thread, users, answers, clients = members
    page(clients["carol"], thread)
    posts.edit_post(users["alice"], answers["alice"], body="Alice answers, edited.")
    html = page(clients["carol"], thread)
    assert "Alice answers, edited." in html and ">edited</span>" in html
    votes.cast_vote(users["bob"], answers["alice"], value=1)
    assert 'data-score="1"' in article(page(clients["carol"], thread), answers["alice"])


def test_a_pending_post_shows_to_its_author_only(app, make, members):
    thread, users, answers, clients = members
    page(clients["carol"], thread)  # the shared tree is kept before Bob's post waits for approval
    waiting = make.post(thread, author=users["bob"], body="Bob has a second thought.")
    waiting.state = PostState.PENDING
    db.session.commit()
    assert "Bob has a second thought." in page(clients["bob"], thread)
    assert "Waiting for approval" in page(clients["bob"], thread)
    assert "second thought" not in page(clients["carol"], thread)
    assert "second thought" not in page(clients["alice"], thread)


def test_a_kept_tree_costs_fewer_queries_than_a_render(app, members, count_queries):
    thread, users, answers, clients = members
    with count_queries() as first:
        page(clients["alice"], thread)
    with count_queries() as second:
        page(clients["carol"], thread)
    assert len(second) < len(first)


def test_the_cache_can_be_switched_off(app, members):
    thread, users, answers, clients = members
    app.extensions["member_trees"] = None
    seen, stop = renders(app)
    try:
        html = page(clients["alice"], thread)
    finally:
        stop()
    assert seen == [] and ">Edit</a>" in article(html, answers["alice"])



def frames(app):
    """How many times the whole thread page is rendered during the block."""
    seen = []

    def count(sender, template, context, **extra):
        if template.name == "threads/show.html":
            seen.append(1)
    template_rendered.connect(count, app)
    return seen, lambda: template_rendered.disconnect(count, app)


def account(html: str) -> str:
    return html[html.index('<div class="account">'):html.index("</header>")]


def unread_count(html: str) -> int:
    found = re.search(r'notification-count">(\d+)<', account(html))
    return int(found[1]) if found else 0


def follow_button(html: str) -> str:
    start = html.index('class="inline follow-form"')
    return html[start:html.index("</form>", start)]


def test_a_kept_page_shows_each_member_their_name_unread_count_and_follow_button(app, make, members):
    thread, users, answers, clients = members  # Alice follows the thread she answered; Carol does not
    seen, stop = frames(app)
    try:
        pages = {name: page(clients[name], thread) for name in ("alice", "carol")}
    finally:
        stop()
    assert len(seen) == 1  # the page is rendered once for both
    assert ">alice</a>" in account(pages["alice"]) and ">carol<" not in account(pages["alice"])
    assert ">carol</a>" in account(pages["carol"]) and ">alice<" not in account(pages["carol"])
    unread = unread_count(pages["alice"])
    assert 'aria-pressed="true">Unfollow<' in follow_button(pages["alice"])
    assert f'/threads/{thread.id}/unfollow"' in follow_button(pages["alice"])
    assert 'aria-pressed="false">Follow<' in follow_button(pages["carol"])

    # Neither a notification nor following changes the thread's version: the kept page still shows them.
    make.post(thread, author=users["bob"], parent=answers["alice"], body="Bob replies to Alice.")
    page(clients["carol"], thread)
    follows.unfollow_thread(users["alice"], thread)
    follows.follow_thread(users["carol"], thread)
    alice, carol = page(clients["alice"], thread), page(clients["carol"], thread)
    assert unread_count(alice) == unread + 1 and unread_count(carol) == unread_count(pages["carol"])
    assert 'aria-pressed="false">Follow<' in follow_button(alice)
    assert 'aria-pressed="true">Unfollow<' in follow_button(carol)
    assert len(tokens(alice)) == len(tokens(carol)) == 1 and "\x00" not in alice + carol


def test_a_message_to_flash_shows_on_the_page(app, members):
    thread, users, answers, clients = members
    page(clients["carol"], thread)
    with clients["carol"].session_transaction() as session:
        session["_flashes"] = [("success", "Your profile is saved.")]
    assert "Your profile is saved." in page(clients["carol"], thread)
    assert "Your profile is saved." not in page(clients["carol"], thread)  # shown once


def test_each_suspended_member_sees_their_own_reason_on_the_page(app, make, members):
    thread, users, answers, clients = members
    page(clients["carol"], thread)
    moderator = make.user("maude", role="moderator")
    for name, reason in (("carol", "Too many links."), ("bob", "Shouting.")):
        suspend_user(moderator, users[name], days=2, reason=reason)
        clients[name].post("/login", data={"identifier": name, "password": Factory.PASSWORD})
    carol, bob = page(clients["carol"], thread), page(clients["bob"], thread)
    assert "Your account is suspended until" in carol and "Too many links." in carol and "Shouting." not in carol
    assert "Shouting." in bob and "Too many links." not in bob
    assert 'aria-label="Upvote"' not in carol and "Too many links." not in page(clients["alice"], thread)
