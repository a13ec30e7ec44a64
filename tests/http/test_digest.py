"""Best answers on the article page and to take away: /articles/SLUG/digest.json and .md, and `forum digest`."""

from __future__ import annotations

import json

import pytest

from forum.extensions import db
from forum.models import ArticleStatus
from forum.services import digest, moderation, votes

BODY = """Riverton painted bike lanes on Main Street last spring.

## Discussion questions

- Would you do the same?
- Who pays?
"""


@pytest.fixture
def scene(make, moderator):
    article = make.article("Main Street", body=BODY, questions=["Would you do the same?", "Who pays?"])
    thread = make.thread(article)
    alice = make.user("alice")
    liked = make.post(thread, author=alice, body="Bike lanes *calm* the traffic.")
    for number in range(2):
        votes.cast_vote(make.user(f"voter{number}"), liked, value=1)
    return article, thread, liked


def test_each_question_shows_once_as_a_link_to_its_thread(client, scene):
    article, thread, _ = scene
    page = client.get(f"/articles/{article.slug}").get_data(as_text=True)
    assert page.count("Would you do the same?") == 1 and page.count("Who pays?") == 1
    assert f'<a href="/threads/{thread.id}">Would you do the same?</a>' in page
    assert "Riverton painted bike lanes" in page and "Discussion questions" not in page


def test_questions_show_their_answer_count_and_you_answered(client, auth, make, scene):
    article, thread, _ = scene
    make.post(thread, parent=scene[2], body="A reply is not an answer.")
    assert "1 answer" in client.get(f"/articles/{article.slug}").get_data(as_text=True)
    bob = make.user("bob")
    make.post(thread, author=bob, body="Bob's answer.")
    auth.login(bob)
    page = client.get(f"/articles/{article.slug}").get_data(as_text=True)
    assert "2 answers" in page and page.count("You answered") == 1


def test_best_answers_show_beneath_their_question(client, scene, moderator, make):
    article, thread, liked = scene
    picked = make.post(thread, author=make.user("carol"), body="Carol's pick.")
    digest.feature_post(moderator, picked)
    page = client.get(f"/articles/{article.slug}").get_data(as_text=True)
    best = page[page.index('<section class="best-answers"'):]
    assert best.index("Carol's pick.") < best.index("<em>calm</em>")
    assert "Featured" in best and "2 points" in best and f'href="/posts/{liked.id}"' in best


def test_a_long_article_is_folded_behind_read_the_whole_article(client, make):
    paragraphs = [f"Paragraph {number} says something about the streets. " * 8 for number in range(1, 9)]
    article = make.article("Long", body="\n\n".join(paragraphs), questions=["Why?"])
    page = client.get(f"/articles/{article.slug}").get_data(as_text=True)
    assert "<summary>Read the whole article</summary>" in page
    assert page.index("Paragraph 1 says") < page.index("Read the whole article") < page.index("Paragraph 8 says")
    short = make.article("Short", questions=["Why?"])
    assert "Read the whole article" not in client.get(f"/articles/{short.slug}").get_data(as_text=True)


def test_answer_first_keeps_the_best_answers_from_readers_who_have_not_answered(client, auth, make, scene, moderator):
    article, thread, _ = scene
    moderation.require_answers_first(moderator, thread)
    for path in (f"/articles/{article.slug}", f"/articles/{article.slug}/digest.json",
                 f"/articles/{article.slug}/digest.md"):
        assert "calm" not in client.get(path).get_data(as_text=True), path
    bob = make.user("bob")
    make.post(thread, author=bob, body="Bob's own answer.")
    auth.login(bob)
    assert "<em>calm</em>" in client.get(f"/articles/{article.slug}").get_data(as_text=True)
    assert "calm" in client.get(f"/articles/{article.slug}/digest.json").get_data(as_text=True)


def test_the_json_digest_has_the_documented_shape_with_absolute_urls(client, scene):
    article, thread, liked = scene
    document = client.get(f"/articles/{article.slug}/digest.json").json
    assert document == {
        "article": {"title": "Main Street", "url": f"http://localhost/articles/{article.slug}",
                    "source_url": "https://example.org/story"},
        "questions": [
            {"question": "Would you do the same?", "thread_url": f"http://localhost/threads/{thread.id}",
             "answers": [{"id": liked.id, "author": "alice", "body": "Bike lanes *calm* the traffic.", "score": 2,
                          "url": f"http://localhost/posts/{liked.id}", "featured": False}]},
            {"question": "Who pays?", "thread_url": f"http://localhost/threads/{thread.id + 1}", "answers": []},
        ],
    }


def test_the_markdown_digest_quotes_each_answer_under_its_question(client, scene):
    article, _, liked = scene
    response = client.get(f"/articles/{article.slug}/digest.md")
    assert response.mimetype == "text/markdown"
    text = response.get_data(as_text=True)
    assert text.startswith("# Best answers: Main Street\n")
    assert "## Would you do the same?\n" in text and "## Who pays?\n\n" in text
    assert "**alice** · 2 points\n\n> Bike lanes *calm* the traffic.\n" in text
    assert f"<http://localhost/posts/{liked.id}>" in text and "No best answers yet." in text


def test_markdown_in_titles_and_names_is_escaped(client, make):
    article = make.article("Stars *and* [links]", questions=["# Why?"])
    text = client.get(f"/articles/{article.slug}/digest.md").get_data(as_text=True)
    assert "# Best answers: Stars \\*and\\* \\[links\\]\n" in text and "## \\# Why?\n" in text


@pytest.mark.parametrize("suffix", ["digest.json", "digest.md"])
def test_unknown_and_draft_articles_have_no_digest(client, scene, suffix):
    assert client.get(f"/articles/no-such-article/{suffix}").status_code == 404
    article = scene[0]
    article.status = ArticleStatus.DRAFT
    db.session.commit()
    assert client.get(f"/articles/{article.slug}/{suffix}").status_code == 404


def test_the_command_line_prints_the_digest(app, runner, scene):
    article, _, liked = scene
    app.config["SITE_URL"] = "https://agora.example.org"
    result = runner.invoke(args=["digest", article.slug, "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["article"]["url"] == f"https://agora.example.org/articles/{article.slug}"
    assert document["questions"][0]["answers"][0]["url"] == f"https://agora.example.org/posts/{liked.id}"
    markdown = runner.invoke(args=["digest", article.slug, "--format", "md"])
    assert markdown.exit_code == 0 and markdown.output.startswith("# Best answers: Main Street\n")


def test_the_command_line_asks_for_the_sites_address_and_a_known_article(app, runner, scene):
    app.config["SITE_URL"] = None
    result = runner.invoke(args=["digest", scene[0].slug])
    assert result.exit_code != 0 and "FORUM_SITE_URL" in result.output
    unknown = runner.invoke(args=["digest", "no-such-article", "--site-url", "https://agora.example.org"])
    assert unknown.exit_code != 0 and "No article" in unknown.output
