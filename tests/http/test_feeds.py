"""Atom feeds: well-formed, the right entries, sanitized HTML, and never what a visitor may not read."""

from __future__ import annotations

from xml.etree import ElementTree

import feedparser
import pytest

from forum.extensions import db
from forum.models import ArticleStatus
from forum.services import moderation, posts


@pytest.fixture
def library(make):
    article = make.article("Harbour library lends drills", questions=["Should libraries lend tools?", "Who pays?"],
                           body="The library lends *drills*.")
    thread = make.thread(article)
    carol = make.user("carol")
    answer = make.post(thread, author=carol, body="Yes, **they should**.")
    make.post(thread, author=make.user("dave"), parent=answer, body="A reply from dave.")
    return article, thread, carol


def parse(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.content_type == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def contents(feed) -> list[str]:
    return [entry.content[0].value for entry in feed.entries]


def test_the_articles_feed_lists_new_articles_newest_first_with_their_html(client, make, library):
    make.article("A second piece", questions=[], body="Second body.")
    feed = parse(client, "/feeds/articles.atom")
    assert feed.feed.title == "Agora: new articles"
    assert [entry.title for entry in feed.entries] == ["A second piece", "Harbour library lends drills"]
    assert feed.entries[1].link == "http://localhost/articles/harbour-library-lends-drills"
    assert "<em>drills</em>" in feed.entries[1].content[0].value


def test_an_answer_leaves_the_articles_entry_as_last_updated(client, make, library):
    article, thread, _ = library
    before = parse(client, "/feeds/articles.atom").entries[0].updated
    make.post(thread, body="A later answer.")
    feed = parse(client, "/feeds/articles.atom")
    assert feed.entries[0].title == article.title and feed.entries[0].updated == before


def test_an_articles_feed_carries_its_new_answers_but_not_replies(client, library):
    article, _, _ = library
    feed = parse(client, f"/feeds/articles/{article.slug}.atom")
    assert [entry.title for entry in feed.entries] == ["carol on “Should libraries lend tools?”"]
    assert contents(feed) == ["<p>Yes, <strong>they should</strong>.</p>"]
    assert feed.entries[0].author == "carol"


def test_a_threads_feed_carries_answers_and_replies_newest_first(client, library):
    _, thread, _ = library
    feed = parse(client, f"/feeds/threads/{thread.id}.atom")
    assert contents(feed) == ["<p>A reply from dave.</p>", "<p>Yes, <strong>they should</strong>.</p>"]
    assert feed.entries[0].link.startswith("http://localhost/posts/")


def test_a_members_own_thread_enters_feeds_as_their_question_with_its_details(client, make, library):
    article, _, carol = library
    own = make.member_thread(article, author=carol, title="What about gardens?", body="Seeds *too*?")
    answer = make.post(own, author=make.user("erin"), body="Bulbs.")
    for path in (f"/feeds/threads/{own.id}.atom", f"/feeds/articles/{article.slug}.atom", "/feeds/u/carol.atom"):
        entries = {entry.title: entry for entry in parse(client, path).entries}
        asked = entries["carol asks “What about gardens?”"]
        assert asked.link == f"http://localhost/threads/{own.id}" and asked.content[0].value == "<p>Seeds <em>too</em>?</p>"
    assert parse(client, f"/feeds/threads/{own.id}.atom").entries[0].link == f"http://localhost/posts/{answer.id}"


def test_a_members_feed_carries_their_posts(client, library):
    feed = parse(client, "/feeds/u/carol.atom")
    assert feed.feed.title == "Agora: posts by carol"
    assert contents(feed) == ["<p>Yes, <strong>they should</strong>.</p>"]


def test_entries_carry_sanitized_html_only(client, make, library):
    _, thread, _ = library
    make.post(thread, body='Look <script>alert(1)</script> <img src=x onerror="alert(2)"> [x](javascript:alert(3))')
    atom = ElementTree.fromstring(client.get(f"/feeds/threads/{thread.id}.atom").get_data())
    newest = atom.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}content").text
    assert newest.startswith("<p>Look &lt;script&gt;alert(1)&lt;/script&gt; &lt;img")
    assert "<script" not in newest and "<img" not in newest and 'href="javascript' not in newest


def test_feeds_of_nothing_are_404(client):
    for path in ("/feeds/articles/none.atom", "/feeds/threads/999.atom", "/feeds/u/nobody.atom"):
        assert client.get(path).status_code == 404


def test_pages_link_their_feeds(client, library):
    article, thread, _ = library
    for page, feed in (("/", "/feeds/articles.atom"), (f"/articles/{article.slug}", f"/feeds/articles/{article.slug}.atom"),
                       (f"/threads/{thread.id}", f"/feeds/threads/{thread.id}.atom"), ("/u/carol", "/feeds/u/carol.atom")):
        html = client.get(page).get_data(as_text=True)
        assert f'<link rel="alternate" type="application/atom+xml"' in html
        assert f'href="{feed}">' in html
        assert f'<a class="feed-link" href="{feed}">Feed</a>' in html


def test_feed_queries_do_not_grow_with_entries(client, make, count_queries, library):
    _, thread, carol = library
    paths = (f"/feeds/threads/{thread.id}.atom", "/feeds/u/carol.atom", "/feeds/articles.atom")

    def queries() -> int:
        db.session.rollback()  # each count starts outside a transaction, so each has its BEGIN
        with count_queries() as counter:
            for path in paths:
                parse(client, path)
        return len(counter)

    few = queries()
    for number in range(10):
        make.post(thread, author=carol, body=f"More {number}.")
        make.article(f"More articles {number}", questions=[])
    assert queries() == few


# What a visitor may not read never appears: one test per case.

def test_removed_posts_stay_out_of_every_feed(client, make, moderator, library):
    article, thread, carol = library
    post = make.post(thread, author=carol, body="Zebra remark.")
    moderation.remove_post(moderator, post, reason="Rude")
    for path in (f"/feeds/articles/{article.slug}.atom", f"/feeds/threads/{thread.id}.atom", "/feeds/u/carol.atom"):
        assert "Zebra" not in client.get(path).get_data(as_text=True)


def test_deleted_posts_stay_out_of_every_feed(client, make, library):
    article, thread, carol = library
    post = make.post(thread, author=carol, body="Zebra second thoughts.")
    posts.delete_post(carol, post)
    for path in (f"/feeds/articles/{article.slug}.atom", f"/feeds/threads/{thread.id}.atom", "/feeds/u/carol.atom"):
        assert "Zebra" not in client.get(path).get_data(as_text=True)


def test_posts_awaiting_approval_stay_out_even_for_their_author(client, auth, make, moderator, library):
    article, thread, _ = library
    moderation.set_premoderation(moderator, article, enabled=True)
    newcomer = make.user("newcomer")
    make.post(thread, author=newcomer, body="Zebra waiting.")
    auth.login(newcomer)
    for path in (f"/feeds/articles/{article.slug}.atom", f"/feeds/threads/{thread.id}.atom", "/feeds/u/newcomer.atom"):
        assert "Zebra" not in client.get(path).get_data(as_text=True)


def test_hidden_threads_have_no_feed_and_stay_out_of_the_others(client, auth, moderator, library):
    article, thread, _ = library
    moderation.hide_thread(moderator, thread)
    auth.login(moderator)  # a moderator's cookie changes nothing: feeds show what visitors see
    assert client.get(f"/feeds/threads/{thread.id}.atom").status_code == 404
    assert parse(client, f"/feeds/articles/{article.slug}.atom").entries == []
    assert parse(client, "/feeds/u/carol.atom").entries == []
    assert "Feed</a>" not in client.get(f"/threads/{thread.id}").get_data(as_text=True)


def test_draft_articles_have_no_feed_and_stay_out_of_the_others(client, library):
    article, thread, _ = library
    article.status = ArticleStatus.DRAFT
    db.session.commit()
    assert client.get(f"/feeds/articles/{article.slug}.atom").status_code == 404
    assert client.get(f"/feeds/threads/{thread.id}.atom").status_code == 404
    assert parse(client, "/feeds/articles.atom").entries == []
    assert parse(client, "/feeds/u/carol.atom").entries == []


def test_entries_name_authors_by_display_name_and_username(client, make, library):
    _, thread, carol = library
    carol.display_name = "Carol Quay"
    db.session.commit()
    feed = parse(client, f"/feeds/threads/{thread.id}.atom")
    names = {entry.author for entry in feed.entries}
    assert names == {"Carol Quay (@carol)", "dave"}
    assert any(entry.title.startswith("Carol Quay (@carol) on ") for entry in feed.entries)
    assert parse(client, "/feeds/u/carol.atom").feed.title == "Agora: posts by Carol Quay (@carol)"
