"""Readers see why a thread takes no posts: the reason a moderator gave for locking it or closing its article."""

from __future__ import annotations

import pytest

from forum.services import articles, moderation
from tests.http.api_client import ApiClient


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_readers_see_why_a_thread_is_locked(client, auth, moderator, thread):
    auth.login(moderator)
    client.post(f"/threads/{thread.id}/lock", data={"thread-reason": "Cooling off after a flame war."})
    auth.logout()
    html = page(client, f"/threads/{thread.id}")
    assert "This thread is locked." in html and "Cooling off after a flame war." in html
    assert "flame war.." not in html


def test_a_lock_without_a_reason_says_only_that_it_is_locked(client, moderator, thread):
    moderation.lock_thread(moderator, thread)
    html = page(client, f"/threads/{thread.id}")
    assert "This thread is locked." in html and "Reason" not in html


def test_unlocking_forgets_the_reason_and_a_new_lock_gives_its_own(client, moderator, thread):
    moderation.lock_thread(moderator, thread, reason="Off topic")
    moderation.unlock_thread(moderator, thread)
    assert "Off topic" not in page(client, f"/threads/{thread.id}")
    moderation.lock_thread(moderator, thread, reason="Spam wave")
    html = page(client, f"/threads/{thread.id}")
    assert "Spam wave" in html and "Off topic" not in html


def test_readers_see_why_an_article_is_closed_on_its_page_its_threads_and_permalinks(client, moderator, thread, post):
    articles.set_discussion_open(moderator, thread.article, is_open=False, reason="The story was retracted")
    for path in (f"/articles/{thread.article.slug}", f"/threads/{thread.id}", f"/posts/{post.id}"):
        html = page(client, path)
        assert "closed" in html and "The story was retracted" in html, path


def test_reopening_forgets_why_it_was_closed(client, moderator, thread):
    article = thread.article
    articles.set_discussion_open(moderator, article, is_open=False, reason="Retracted")
    articles.set_discussion_open(moderator, article, is_open=True)
    assert "Retracted" not in page(client, f"/articles/{article.slug}")


@pytest.mark.parametrize("reason", ["<script>alert(1)</script>"])
def test_a_reason_is_shown_as_text(client, moderator, thread, reason):
    moderation.lock_thread(moderator, thread, reason=reason)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page(client, f"/threads/{thread.id}")


def test_the_api_gives_the_reasons(client, moderator, thread):
    moderation.lock_thread(moderator, thread, reason="Cooling off")
    articles.set_discussion_open(moderator, thread.article, is_open=False, reason="Retracted")
    api = ApiClient(client)
    assert api.get(f"/threads/{thread.id}").json["lock_reason"] == "Cooling off"
    assert api.get(f"/articles/{thread.article.slug}").json["close_reason"] == "Retracted"
