"""Writing in a thread: what an htmx answer brings back of the page around the new post, and previews."""

from __future__ import annotations

import re

from forum.extensions import db
from forum.models import Post
from tests.factories import Factory

HX = {"HX-Request": "true"}


def oob_element(html: str, element_id: str) -> str:
    """The out-of-band element with ``element_id`` in an htmx answer."""
    found = re.search(rf'<(\w+) id="{element_id}"[^>]*hx-swap-oob="[^"]+"[^>]*>.*?</\1>', html, re.S)
    assert found, f"no out-of-band #{element_id} in {html}"
    return found.group(0)


def test_a_first_answer_with_htmx_updates_the_count_the_empty_notice_and_follow(client, auth, member, thread):
    auth.login(member)
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "0 posts" in page and 'id="no-answers"' in page and ">Follow</button>" in page

    html = client.post(f"/threads/{thread.id}/posts", data={"body": "First!"}, headers=HX).get_data(as_text=True)
    summary = oob_element(html, "thread-summary")
    assert "1 post" in summary and "last activity" in summary
    assert 'aria-pressed="true">Unfollow</button>' in summary
    assert '<p id="no-answers" hidden hx-swap-oob="true"></p>' in html


def test_a_reply_with_htmx_updates_the_count_and_follow(client, auth, member, thread, post):
    auth.login(member)
    html = client.post(f"/posts/{post.id}/reply", data={"body": "Agreed"}, headers=HX).get_data(as_text=True)
    summary = oob_element(html, "thread-summary")
    assert "2 posts" in summary and ">Unfollow</button>" in summary


def test_an_answer_held_for_approval_leaves_the_count_as_it_was(client, auth, make, thread):
    make.post(thread, body="Already here")
    thread.article.premoderation = True
    db.session.commit()
    newcomer = make.user("newcomer")
    auth.login(newcomer)
    html = client.post(f"/threads/{thread.id}/posts", data={"body": "Wait for me"}, headers=HX).get_data(as_text=True)
    assert "Waiting for approval" in html and "1 post" in oob_element(html, "thread-summary")


def test_the_page_and_the_htmx_answer_render_the_same_summary(client, auth, member, thread):
    auth.login(member)
    html = client.post(f"/threads/{thread.id}/posts", data={"body": "Same"}, headers=HX).get_data(as_text=True)
    summary = oob_element(html, "thread-summary").replace(' hx-swap-oob="true"', "")
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert summary in page


def test_the_permalink_shows_the_summary_an_htmx_reply_updates(client, auth, member, post):
    auth.login(member)
    page = client.get(f"/posts/{post.id}").get_data(as_text=True)
    assert 'id="thread-summary"' in page and "1 post" in page and ">Follow</button>" in page


def test_an_htmx_preview_of_an_answer_is_the_rendered_sanitized_text(client, auth, member, thread):
    auth.login(member)
    body = "Some **bold** words <script>alert(1)</script> and [a link](https://example.org)"
    response = client.post(f"/threads/{thread.id}/preview", data={"body": body}, headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<strong>bold</strong>" in html and "<script>" not in html and 'rel="nofollow ugc noopener"' in html
    assert "<textarea" not in html and "Post" not in html.replace("Preview", "")


def test_a_preview_saves_nothing(client, auth, member, thread):
    auth.login(member)
    client.post(f"/threads/{thread.id}/preview", data={"body": "Not yet"}, headers=HX)
    client.post(f"/threads/{thread.id}/preview", data={"body": "Not yet"})
    assert db.session.query(Post).count() == 0


def test_a_preview_without_javascript_shows_the_text_above_the_kept_form(client, auth, member, thread):
    auth.login(member)
    response = client.post(f"/threads/{thread.id}/preview", data={"body": "Draft with _emphasis_"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.index("<em>emphasis</em>") < html.index("Draft with _emphasis_</textarea>")
    assert html.index('<h1>') < html.index("<em>emphasis</em>")


def test_a_reply_preview_without_javascript_shows_it_above_the_open_reply_form(client, auth, member, post):
    auth.login(member)
    response = client.post(f"/posts/{post.id}/reply/preview", data={"body": "A *reply* draft"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'data-for="%d"' % post.id in html
    assert html.index("<em>reply</em>") < html.index("A *reply* draft</textarea>")


def test_a_reply_preview_with_htmx_is_the_rendered_text(client, auth, member, post):
    auth.login(member)
    html = client.post(f"/posts/{post.id}/reply/preview", data={"body": "A *reply*"}, headers=HX).get_data(as_text=True)
    assert "<em>reply</em>" in html and "<textarea" not in html


def test_an_empty_preview_says_what_is_missing(client, auth, member, thread):
    auth.login(member)
    html = client.post(f"/threads/{thread.id}/preview", data={"body": " "}, headers=HX).get_data(as_text=True)
    assert "Write something first." in html
    response = client.post(f"/threads/{thread.id}/preview", data={"body": " "})
    assert response.status_code == 422 and "Write something first." in response.get_data(as_text=True)


def test_previews_need_a_member_and_the_csrf_token(csrf_app, make):
    thread = make.thread()
    client = csrf_app.test_client()
    assert client.post(f"/threads/{thread.id}/preview", data={"body": "x"}).status_code in (302, 400)
    client.post("/login", data={"identifier": make.user("member").username, "password": Factory.PASSWORD})
    assert client.post(f"/threads/{thread.id}/preview", data={"body": "x"}, headers=HX).status_code == 400


def test_previews_are_rate_limited(app, client, auth, member, thread):
    app.config["PREVIEW_LIMIT_PER_MEMBER"] = "2 per minute"
    auth.login(member)
    for _ in range(2):
        assert client.post(f"/threads/{thread.id}/preview", data={"body": "x"}, headers=HX).status_code == 200
    refused = client.post(f"/threads/{thread.id}/preview", data={"body": "x"})
    assert refused.status_code == 429 and "Retry-After" in refused.headers


def test_quote_gives_the_posts_markdown_source_as_a_quote(client, auth, member, make, thread):
    source = make.post(thread, body="First **line**\n\nSecond line")
    auth.login(member)
    response = client.get(f"/posts/{source.id}/quote")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == "> First **line**\n>\n> Second line\n\n"


def test_quote_without_javascript_opens_the_reply_form_with_the_quote(client, auth, member, make, thread):
    source = make.post(thread, body="Quote <me>")
    auth.login(member)
    html = client.get(f"/posts/{source.id}?reply=1&quote=1").get_data(as_text=True)
    assert f'data-for="{source.id}"' in html and "&gt; Quote &lt;me&gt;\n\n</textarea>" in html


def test_a_post_offers_quote_where_it_offers_reply(client, auth, member, post):
    auth.login(member)
    html = client.get(f"/threads/{post.thread_id}").get_data(as_text=True)
    assert f'href="/posts/{post.id}?reply=1&amp;quote=1#reply" data-quote="{post.id}">Quote</a>' in html


def test_nothing_unreadable_can_be_quoted(client, auth, member, moderator, post):
    from forum.services import moderation

    moderation.remove_post(moderator, post, reason="Spam")
    auth.login(member)
    assert client.get(f"/posts/{post.id}/quote").status_code == 404


def test_deleting_without_javascript_asks_first_then_offers_undo(client, auth, author, post):
    auth.login(author)
    asked = client.get(f"/posts/{post.id}/delete").get_data(as_text=True)
    assert "Delete this post?" in asked and "The original answer" in asked and ">Delete</button>" in asked
    response = client.post(f"/posts/{post.id}/delete")
    assert response.status_code == 303 and response.headers["Location"] == f"/posts/{post.id}/delete"
    offered = client.get(f"/posts/{post.id}/delete").get_data(as_text=True)
    assert "You deleted this post" in offered and ">Undo</button>" in offered
    back = client.post(f"/posts/{post.id}/undo-delete")
    assert back.status_code == 302 and back.headers["Location"].endswith(f"#post-{post.id}")
    assert "The original answer" in client.get(f"/threads/{post.thread_id}").get_data(as_text=True)


def test_an_htmx_delete_offers_undo_which_brings_the_post_back(client, auth, author, post):
    auth.login(author)
    html = client.post(f"/posts/{post.id}/delete", headers=HX).get_data(as_text=True)
    assert f'hx-post="/posts/{post.id}/undo-delete"' in html
    html = client.post(f"/posts/{post.id}/undo-delete", headers=HX).get_data(as_text=True)
    assert "The original answer" in html and f'id="post-{post.id}"' in html


def test_others_cannot_delete_or_undo(client, auth, author, member, post):
    auth.login(author)
    client.post(f"/posts/{post.id}/delete")
    auth.logout()
    auth.login(member)
    assert client.get(f"/posts/{post.id}/delete").status_code == 403
    assert client.post(f"/posts/{post.id}/undo-delete").status_code == 403


def test_the_delete_button_asks_for_confirmation(client, auth, author, post):
    auth.login(author)
    html = client.get(f"/threads/{post.thread_id}").get_data(as_text=True)
    assert f'<form method="get" class="inline" action="/posts/{post.id}/delete" data-hx-post=' in html
    assert 'hx-confirm="Delete this post?' in html
