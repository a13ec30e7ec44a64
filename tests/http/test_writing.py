"""Writing in a thread: what an htmx answer brings back of the page around the new post."""

from __future__ import annotations

import re

from forum.extensions import db

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
