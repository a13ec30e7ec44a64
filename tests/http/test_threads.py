"""The thread page: reading, answering, sorting, paging, and the states a thread can be in."""

from __future__ import annotations

import re

import pytest

from forum.extensions import db
from forum.limits import POST_BODY_MAX
from forum.models import Post, PostState
from forum.services import posts

HX = {"HX-Request": "true"}


def page(client, thread, query: str = "") -> str:
    response = client.get(f"/threads/{thread.id}{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_members_see_the_question_and_an_answer_form(client, auth, member, thread):
    auth.login(member)
    html = page(client, thread)
    assert f"<h1>{thread.title}</h1>" in html
    assert '<label for="body">Your answer</label>' in html
    assert '<button type="submit">Post</button>' in html


def test_a_members_thread_page_is_valid_html_in_what_the_html_checker_refuses(client, auth, make, member, thread):
    """No bare hx-* attribute (htmx reads data-hx-* alike) and one id="csrf_token" at most, with several forms."""
    make.post(thread, author=member, body="My own answer.")
    make.post(thread, body="Someone else's answer.")
    auth.login(member)
    html = page(client, thread)
    assert re.findall(r"\shx-(?:post|get|target|swap|confirm)=", html) == []
    assert html.count('data-hx-post="') >= 3 and html.count("<form") >= 4


def test_the_csrf_field_of_a_form_carries_no_id_so_a_page_of_many_forms_repeats_none(csrf_app):
    from forum.forms.auth import LogoutForm

    with csrf_app.test_request_context("/"):
        hidden = str(LogoutForm().hidden_tag()) + str(LogoutForm().hidden_tag())
    assert hidden.count('name="csrf_token"') == 2 and 'id="csrf_token"' not in hidden


def test_visitors_are_asked_to_log_in_instead_of_a_form(client, thread):
    html = page(client, thread)
    assert "Your answer" not in html and "Log in</a> or" in html


def test_answering_redirects_to_the_new_post(client, auth, member, thread):
    auth.login(member)
    response = client.post(f"/threads/{thread.id}/posts", data={"body": "My **answer**"})
    post = db.session.query(Post).one()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/threads/{thread.id}#post-{post.id}"
    html = page(client, thread)
    assert f'<article id="post-{post.id}" data-post-id="{post.id}" data-score="0" class="post' in html
    assert "<strong>answer</strong>" in html and 'href="/u/member"' in html


def test_answering_with_htmx_returns_the_post_and_a_fresh_form(client, auth, member, thread):
    auth.login(member)
    html = client.post(f"/threads/{thread.id}/posts", data={"body": "Quick one"}, headers=HX).get_data(as_text=True)
    assert 'id="answer"' in html and 'hx-swap-oob="beforeend:#post-list"' in html
    assert "<p>Quick one</p>" in html and "Quick one</textarea>" not in html


def test_an_empty_answer_gets_its_error_beside_the_field(client, auth, member, thread):
    auth.login(member)
    response = client.post(f"/threads/{thread.id}/posts", data={"body": "  "})
    assert response.status_code == 422
    assert '<p class="field-error" id="body-error">Write something first.</p>' in response.get_data(as_text=True)


def test_a_refused_answer_keeps_its_text(client, auth, member, thread):
    auth.login(member)
    typed = "far too long to fit " * (POST_BODY_MAX // 10)
    html = client.post(f"/threads/{thread.id}/posts", data={"body": typed}, headers=HX).get_data(as_text=True)
    assert f"{typed}</textarea>" in html and f"Keep your post to {POST_BODY_MAX:,} characters or fewer" in html


def test_a_member_posting_too_fast_is_told_how_long_to_wait(app, client, auth, member, thread):
    app.config["NEW_ACCOUNT_POST_INTERVAL_SECONDS"] = 30
    auth.login(member)
    client.post(f"/threads/{thread.id}/posts", data={"body": "One"})
    html = client.post(f"/threads/{thread.id}/posts", data={"body": "Two"}).get_data(as_text=True)
    assert "You can post again in 30 seconds." in html or "You can post again in 29 seconds." in html


def test_a_locked_thread_says_so_and_takes_no_answers(client, auth, member, make):
    thread = make.thread(locked=True)
    auth.login(member)
    html = page(client, thread)
    assert "This thread is locked" in html and "Your answer" not in html
    response = client.post(f"/threads/{thread.id}/posts", data={"body": "Hi"})
    assert response.status_code == 403 and "This thread is locked." in response.get_data(as_text=True)


def test_a_closed_article_closes_its_threads(client, auth, member, thread):
    thread.article.discussion_open = False
    db.session.commit()
    auth.login(member)
    html = page(client, thread)
    assert "Discussion on this article is closed" in html and "Your answer" not in html


def test_locked_threads_show_no_vote_reply_or_edit_controls(client, auth, member, make):
    thread = make.thread()
    make.post(thread)
    make.post(thread, author=member)
    thread.locked = True
    db.session.commit()
    auth.login(member)
    html = page(client, thread)
    for label in ('aria-label="Upvote"', 'aria-label="Downvote"', ">Reply<", ">Edit<"):
        assert label not in html


def test_slow_mode_is_announced(client, make):
    assert "Slow mode: one post every 30 seconds." in page(client, make.thread(slow_mode_seconds=30))


def test_hidden_threads_are_404_except_for_moderators(client, auth, member, moderator, make):
    thread = make.thread(hidden=True)
    assert client.get(f"/threads/{thread.id}").status_code == 404
    auth.login(member)
    assert client.get(f"/threads/{thread.id}").status_code == 404
    auth.login(moderator)
    assert "Hidden" in page(client, thread)


@pytest.mark.parametrize("query", ["?page=abc", "?page=-3", "?page=0", "?page=99999", "?sort=nonsense",
                                   "?sort=", "?page=1e9&sort=top"])
def test_bad_paging_and_sorting_input_never_breaks_the_page(client, make, query):
    thread = make.thread()
    make.post(thread)
    assert client.get(f"/threads/{thread.id}{query}").status_code == 200


def test_unknown_threads_are_404(client):
    assert client.get("/threads/999").status_code == 404
    assert client.get("/threads/abc").status_code == 404


def test_sorting_orders_the_answers(client, make):
    thread = make.thread()
    first, second = make.post(thread), make.post(thread)
    new = page(client, thread, "?sort=new")
    old = page(client, thread, "?sort=old")
    assert new.index(f'id="post-{second.id}"') < new.index(f'id="post-{first.id}"')
    assert old.index(f'id="post-{first.id}"') < old.index(f'id="post-{second.id}"')


def test_long_threads_page_by_top_level_post(app, client, make):
    app.config["POSTS_PER_PAGE"] = 2
    thread = make.thread()
    tops = [make.post(thread) for _ in range(3)]
    html = page(client, thread, "?sort=old&page=2")
    assert f'id="post-{tops[2].id}"' in html and f'id="post-{tops[0].id}"' not in html
    assert "Page 2 of 2" in html and f'href="/threads/{thread.id}?sort=old&amp;page=1"' in html


def test_deep_replies_continue_on_the_permalink(app, client, make):
    app.config["MAX_VISIBLE_DEPTH"] = 1
    thread = make.thread()
    top = make.post(thread)
    middle = make.post(thread, parent=top)
    deep = make.post(thread, parent=middle)
    html = page(client, thread)
    assert f'id="post-{deep.id}"' not in html
    assert f'<a class="continue" href="/posts/{middle.id}">Continue this thread</a>' in html


def test_pending_posts_are_marked_for_their_author_and_hidden_from_others(client, auth, make, member):
    thread = make.thread()
    thread.article.premoderation = True
    db.session.commit()
    pending = posts.create_post(member, thread, body="Please let me in")
    assert pending.state == PostState.PENDING
    assert "Please let me in" not in page(client, thread)
    auth.login(member)
    html = page(client, thread)
    assert "Please let me in" in html and "Waiting for approval" in html


def test_removed_posts_show_the_reason_and_moderators_the_original(client, auth, make, moderator):
    thread = make.thread()
    post = make.post(thread, body="Something rude")
    post.state, post.removal_reason = PostState.REMOVED, "Be kind"
    db.session.commit()
    html = page(client, thread)
    assert "Removed by a moderator: Be kind" in html and "Something rude" not in html
    auth.login(moderator)
    html = page(client, thread)
    assert "<details" in html and "Something rude" in html


def test_members_start_their_own_thread(client, auth, member, make):
    article = make.article()
    auth.login(member)
    assert "Ask your own question" in client.get(f"/articles/{article.slug}/threads/new").get_data(as_text=True)
    response = client.post(f"/articles/{article.slug}/threads/new",
                           data={"title": "What about buses?", "body": "Nobody mentioned them."})
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<h1>What about buses?</h1>" in html and "Nobody mentioned them." in html


def test_starting_a_thread_needs_a_title(client, auth, member, make):
    article = make.article()
    auth.login(member)
    html = client.post(f"/articles/{article.slug}/threads/new",
                       data={"title": "", "body": "Body"}).get_data(as_text=True)
    assert "Give your question a title." in html


def test_visitors_are_sent_to_log_in_before_posting(client, make):
    thread = make.thread()
    for url in (f"/threads/{thread.id}/posts", f"/articles/{thread.article.slug}/threads/new"):
        response = client.post(url, data={"body": "x", "title": "x"})
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_page_the_fragment_and_the_api_offer_a_member_the_same_actions(client, auth, make, member):
    thread = make.thread()
    own, other = make.post(thread, author=member), make.post(thread)
    auth.login(member)
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    shown = client.get(f"/api/v1/threads/{thread.id}").json
    allowed = {post["id"]: post["allowed"] for post in shown["posts"]}
    assert allowed[own.id]["edit"] and allowed[own.id]["delete"] and not allowed[own.id]["vote"]
    assert allowed[other.id]["vote"] and allowed[other.id]["report"] and not allowed[other.id]["edit"]
    assert shown["allowed"] == {"answer": True, "follow": True, "moderate": False, "merge": False,
                                "log_in_to_answer": False}
    for post in (own, other):
        in_page = re.search(rf'<article id="post-{post.id}".*?</article>', page, re.S).group(0)
        fragment = client.get(f"/posts/{post.id}", headers=HX).get_data(as_text=True)
        for html in (in_page, fragment):
            assert (f"/posts/{post.id}/edit" in html) == allowed[post.id]["edit"]
            assert (f'id="upvote-{post.id}"' in html) == allowed[post.id]["vote"]
            assert (f"/posts/{post.id}/report" in html) == allowed[post.id]["report"]


def test_a_member_page_has_one_reply_form_and_one_link_per_post(client, auth, member, make):
    """Every post offers "Reply"; the page carries one hidden form that the script moves under the post,
    and without JavaScript each "Reply" leads to the post's permalink with the form open."""
    thread = make.thread()
    posts = [make.post(thread, body=f"Answer {n}") for n in range(5)]
    auth.login(member)
    html = page(client, thread)
    assert html.count("<textarea") == 2  # "Your answer" and the one reply form
    assert html.count('<div id="reply" class="reply-form" hidden') == 1
    for post in posts:
        assert f'<a class="action" href="/posts/{post.id}?reply=1#reply" data-reply="{post.id}">Reply</a>' in html
    assert html.count('name="csrf_token" value="') == html.count(f'value="{_token(html)}"')


def _token(html: str) -> str:
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start:html.index('"', start)]
