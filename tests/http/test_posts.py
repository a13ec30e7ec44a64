"""Permalinks and the actions on one post: reply, edit, delete, vote, history; who may do each."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Post, PostState

HX = {"HX-Request": "true"}


def text(response) -> str:
    return response.get_data(as_text=True)


def test_the_permalink_shows_the_post_its_parents_and_replies(client, make, thread, post):
    reply = make.post(thread, parent=post, body="A reply")
    deeper = make.post(thread, parent=reply, body="Deeper")
    html = text(client.get(f"/posts/{reply.id}"))
    assert "The original answer" in html and "A reply" in html and "Deeper" in html
    assert html.index(f'id="post-{post.id}"') < html.index(f'id="post-{reply.id}"') < html.index(f'id="post-{deeper.id}"')


def test_the_permalink_answers_htmx_with_the_post_fragment(client, post):
    response = client.get(f"/posts/{post.id}", headers=HX)
    assert text(response).startswith(f'<article id="post-{post.id}"')
    assert "HX-Request" in response.headers["Vary"]


def test_unknown_posts_are_404(client):
    assert client.get("/posts/12345").status_code == 404


def test_reply_without_javascript_opens_the_form_on_the_permalink(client, auth, member, post):
    auth.login(member)
    html = text(client.get(f"/posts/{post.id}?reply=1"))
    form = html[html.index('<div id="reply"'):]
    assert f'data-for="{post.id}"' in form[:200] and " hidden" not in form[:200]
    assert f'action="/posts/{post.id}/reply"' in form
    assert '<label for="reply-body">Reply</label>' in html and ">Post reply</button>" in html
    # The form sits under the post it answers, before that post's replies.
    assert html.index(f'id="post-{post.id}"') < html.index('id="reply"') < html.index(f'id="replies-{post.id}"')


def test_replying_redirects_to_the_reply(client, auth, member, thread, post):
    auth.login(member)
    response = client.post(f"/posts/{post.id}/reply", data={"body": "Well said"})
    reply = db.session.query(Post).filter_by(parent_id=post.id).one()
    assert response.headers["Location"] == f"/threads/{thread.id}#post-{reply.id}"
    assert reply.depth == 1


def test_replying_with_htmx_returns_the_reply_under_its_parent(client, auth, member, post):
    auth.login(member)
    html = text(client.post(f"/posts/{post.id}/reply", data={"body": "Well said"}, headers=HX))
    assert f'hx-swap-oob="beforeend:#replies-{post.id}"' in html and "<p>Well said</p>" in html
    assert html.lstrip().startswith('<div id="reply" class="reply-form" hidden')  # the form, emptied and put away


def test_an_empty_reply_keeps_the_form_open_with_the_error(client, auth, member, post):
    auth.login(member)
    html = text(client.post(f"/posts/{post.id}/reply", data={"body": ""}, headers=HX))
    assert f'<div id="reply" class="reply-form" data-for="{post.id}"' in html and "Write something first." in html
    assert f'action="/posts/{post.id}/reply"' in html


def test_the_author_edits_and_the_post_is_marked_edited(client, auth, author, thread, post):
    auth.login(author)
    form = text(client.get(f"/posts/{post.id}/edit"))
    assert "The original answer</textarea>" in form and "Edit your post" in form
    response = client.post(f"/posts/{post.id}/edit", data={"body": "A better answer"})
    assert response.headers["Location"] == f"/threads/{thread.id}#post-{post.id}"
    html = text(client.get(f"/threads/{thread.id}"))
    assert "A better answer" in html and ">edited</span>" in html


def test_editing_with_htmx_swaps_the_post_in_place(client, auth, author, post):
    auth.login(author)
    assert 'id="edit-body-' in text(client.get(f"/posts/{post.id}/edit", headers=HX))
    html = text(client.post(f"/posts/{post.id}/edit", data={"body": "Swapped"}, headers=HX))
    assert html.startswith(f'<article id="post-{post.id}"') and "<p>Swapped</p>" in html


def test_an_emptied_edit_is_refused_beside_the_field(client, auth, author, post):
    auth.login(author)
    response = client.post(f"/posts/{post.id}/edit", data={"body": ""})
    assert response.status_code == 422 and "Write something first." in text(response)


def test_deleting_a_post_with_replies_leaves_a_placeholder(client, auth, make, author, thread, post):
    make.post(thread, parent=post)
    auth.login(author)
    assert "You deleted this post." in text(client.post(f"/posts/{post.id}/delete", headers=HX))
    auth.logout()
    html = text(client.get(f"/threads/{thread.id}"))
    assert "[deleted]" in html and "The original answer" not in html and 'href="/u/author"' not in html


def test_deleting_a_post_without_replies_removes_it(client, auth, author, thread, post):
    auth.login(author)
    assert ">Undo</button>" in text(client.post(f"/posts/{post.id}/delete", headers=HX))
    assert f'id="post-{post.id}"' not in text(client.get(f"/threads/{thread.id}"))


def test_voting_redirects_back_and_presses_the_button(client, auth, member, thread, post):
    auth.login(member)
    response = client.post(f"/posts/{post.id}/upvote")
    assert response.headers["Location"] == f"/threads/{thread.id}#post-{post.id}"
    html = text(client.get(f"/threads/{thread.id}"))
    assert 'data-score="1"' in html and 'aria-label="Upvote" title="Upvote" aria-pressed="true">▲</button>' in html


def test_voting_with_htmx_returns_the_post_with_its_new_score(client, auth, member, post):
    auth.login(member)
    html = text(client.post(f"/posts/{post.id}/downvote", headers=HX))
    assert html.startswith(f'<article id="post-{post.id}" data-post-id="{post.id}" data-score="-1"')
    assert 'aria-label="Downvote" title="Downvote" aria-pressed="true">▼</button>' in html
    html = text(client.post(f"/posts/{post.id}/downvote", headers=HX))
    assert 'data-score="0"' in html and 'aria-pressed="true"' not in html


def test_nobody_votes_on_their_own_post(client, auth, author, post):
    auth.login(author)
    assert client.post(f"/posts/{post.id}/upvote").status_code == 403


def test_only_moderators_see_earlier_versions(client, auth, author, moderator, post):
    auth.login(author)
    client.post(f"/posts/{post.id}/edit", data={"body": "Second version"})
    assert client.get(f"/posts/{post.id}/history").status_code == 403
    auth.login(moderator)
    html = text(client.get(f"/posts/{post.id}/history"))
    assert "The original answer" in html and "Second version" in html


def test_members_see_report_but_not_edit_on_others_posts(client, auth, member, thread, post):
    auth.login(member)
    html = text(client.get(f"/threads/{thread.id}"))
    assert f'href="/posts/{post.id}/report">Report</a>' in html
    assert f'href="/posts/{post.id}/edit"' not in html and ">Delete</button>" not in html


ACTIONS = ["reply", "edit", "delete", "upvote", "downvote"]


@pytest.mark.parametrize("action", ACTIONS)
def test_visitors_are_sent_to_log_in(client, post, action):
    response = client.post(f"/posts/{post.id}/{action}", data={"body": "x"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("action", ["edit", "delete"])
def test_members_cannot_change_others_posts(client, auth, member, post, action):
    auth.login(member)
    assert client.post(f"/posts/{post.id}/{action}", data={"body": "Mine"}).status_code == 403
    assert client.get(f"/posts/{post.id}/edit").status_code == 403
    assert db.session.get(Post, post.id).state == PostState.VISIBLE


@pytest.mark.parametrize("action", ["reply", "upvote", "downvote"])
def test_suspended_members_cannot_reply_or_vote(client, auth, make, post, action):
    auth.login(make.user("sus", suspended_days=2))
    assert client.post(f"/posts/{post.id}/{action}", data={"body": "x"}).status_code == 403


def test_profiles_list_the_members_posts(client, make, thread, author, post):
    make.post(thread, author=author, body="Second post")
    html = text(client.get("/u/author"))
    assert html.index("Second post") < html.index("The original answer")
