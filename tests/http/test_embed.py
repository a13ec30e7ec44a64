"""The embed page: an article's questions and best answers, framed only where FORUM_EMBED_ORIGINS allows."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import ArticleStatus, Post
from forum.services import moderation, votes

PUBLISHER = "https://news.example.org"


@pytest.fixture
def library(app, make):
    app.config.update(EMBED_ORIGINS=[PUBLISHER], EMBED_ANSWERS_PER_QUESTION=2)
    article = make.article("Harbour library lends drills", questions=["Should libraries lend tools?", "Who pays?"])
    thread = make.thread(article)
    voters = [make.user() for _ in range(3)]
    best = make.post(thread, body="The best answer.")
    second = make.post(thread, body="A good answer.")
    make.post(thread, body="A weak answer.")
    make.post(thread, parent=best, body="A reply, never shown.")
    for voter in voters:
        votes.cast_vote(voter, best, value=1)
    for voter in voters[:2]:  # the digest's answers have two votes or more
        votes.cast_vote(voter, second, value=1)
    return article, thread


def test_the_embed_shows_each_question_with_its_best_answers_as_the_digest_chooses_them(client, library):
    article, thread = library
    response = client.get(f"/embed/articles/{article.slug}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.index("Should libraries lend tools?") < html.index("The best answer.") < html.index("A good answer.")
    assert "A weak answer." not in html and "A reply, never shown." not in html
    assert html.index("A good answer.") < html.index("Who pays?")
    assert f'href="http://localhost/threads/{thread.id}" rel="noopener">Answer on Agora</a>' in html
    assert "All 4 posts" in html
    assert '<base target="_blank">' in html


def test_only_the_listed_origins_may_frame_it(client, library):
    article, _ = library
    response = client.get(f"/embed/articles/{article.slug}")
    assert f"frame-ancestors {PUBLISHER};" in response.headers["Content-Security-Policy"] + ";"
    assert "X-Frame-Options" not in response.headers
    assert "frame-ancestors 'none'" in client.get("/").headers["Content-Security-Policy"]
    assert client.get("/").headers["X-Frame-Options"] == "DENY"


def test_with_no_origins_listed_nobody_may_frame_it(app, client, library):
    article, _ = library
    app.config["EMBED_ORIGINS"] = []
    assert "frame-ancestors 'none'" in client.get(f"/embed/articles/{article.slug}").headers["Content-Security-Policy"]


def test_origins_can_be_written_as_words(app, client, library):
    article, _ = library
    app.config["EMBED_ORIGINS"] = "https://a.example, https://b.example/ javascript:alert(1)"
    policy = client.get(f"/embed/articles/{article.slug}").headers["Content-Security-Policy"]
    assert "frame-ancestors https://a.example https://b.example" in policy
    assert "javascript" not in policy


def test_the_embed_needs_no_cookies_and_sets_none(client, auth, member, library):
    article, _ = library
    response = client.get(f"/embed/articles/{article.slug}")
    assert "Set-Cookie" not in response.headers
    auth.login(member)
    logged_in = client.get(f"/embed/articles/{article.slug}")
    assert "Set-Cookie" not in logged_in.headers
    assert "Log out" not in logged_in.get_data(as_text=True)


def test_the_embed_shows_no_removed_answer(client, moderator, library):
    article, _ = library
    best = db.session.query(Post).filter_by(body="The best answer.").one()
    moderation.remove_post(moderator, best, reason="Off topic")
    html = client.get(f"/embed/articles/{article.slug}").get_data(as_text=True)
    assert "The best answer." not in html
    assert "A good answer." in html


def test_hidden_questions_and_draft_articles_are_not_embedded(client, moderator, library):
    article, thread = library
    moderation.hide_thread(moderator, thread)
    html = client.get(f"/embed/articles/{article.slug}").get_data(as_text=True)
    assert "Should libraries lend tools?" not in html and "Who pays?" in html
    article.status = ArticleStatus.DRAFT
    db.session.commit()
    assert client.get(f"/embed/articles/{article.slug}").status_code == 404


def test_embed_queries_do_not_grow_with_answers(client, make, count_queries, library):
    article, thread = library

    url = f"/embed/articles/{article.slug}"  # read before counting: the test's own reload of the article is not the page's

    def queries() -> int:
        db.session.rollback()
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return len(counter)

    few = queries()
    for number in range(10):
        make.post(thread, body=f"Answer {number}.")
    assert queries() == few


def test_the_script_is_served_for_other_sites(client):
    with client.get("/static/embed.js") as response:
        assert response.status_code == 200
        assert "agora-embed-height" in response.get_data(as_text=True)
