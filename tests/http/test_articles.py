"""Importing, publishing and editing articles; the front page and the question hub."""

from __future__ import annotations

import io
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from forum.extensions import db
from forum.models import Article, Thread

FIXTURE = Path(__file__).parent.parent / "fixtures" / "article-seed-shape.txt"
CORPUS = Path(__file__).parent.parent / "fixtures" / "articles"
SEED_SHAPE = FIXTURE.read_text(encoding="utf-8")


def publish(client, **fields):
    data = {"title": "Tool libraries", "source_url": "https://example.org/tools", "body": "Body text.",
            "questions": "Should libraries lend tools?\nWho pays for repairs?", **fields}
    return client.post("/articles/publish", data=data)


@pytest.fixture
def logged_in_moderator(auth, moderator):
    auth.login(moderator)
    return moderator


@pytest.mark.parametrize("path", ["/articles/import", "/articles/some-slug/edit"])
def test_visitors_are_sent_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize(("method", "path"), [("get", "/articles/import"), ("post", "/articles/import"),
                                              ("post", "/articles/publish")])
def test_members_cannot_import(client, auth, member, method, path):
    auth.login(member)
    assert getattr(client, method)(path).status_code == 403


def test_import_page_has_the_contract_labels(client, logged_in_moderator):
    html = client.get("/articles/import").get_data(as_text=True)
    for label in ("Article URL", "Article file", "Article text"):
        assert f">{label}</label>" in html
    assert ">Extract questions</button>" in html


def test_pasted_text_gives_a_preview_with_editable_questions(client, logged_in_moderator):
    response = client.post("/articles/import", data={"text": SEED_SHAPE})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Harbour Library’s “Tool Shelf” Draws a Waiting List" in html
    assert 'value="https://example.org/news/harbour-library-tool-shelf/"' in html
    assert "Who ought to bear the cost when a borrowed tool breaks or causes an injury?\n" in html
    assert ">Publish</button>" in html
    assert db.session.query(Article).count() == 0


def test_an_uploaded_file_is_extracted(client, logged_in_moderator):
    data = {"file": (io.BytesIO(SEED_SHAPE.encode()), "story.txt")}
    response = client.post("/articles/import", data=data, content_type="multipart/form-data")
    assert "Should public libraries lend objects as well as information" in response.get_data(as_text=True)


def test_a_binary_file_is_refused_beside_its_field(client, logged_in_moderator):
    data = {"file": (io.BytesIO(b"\x89PNG\x00\x00binary"), "photo.png")}
    response = client.post("/articles/import", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert 'id="file-error">That file is not a text, Markdown or HTML file.' in response.get_data(as_text=True)


def test_nothing_to_import_says_what_to_do(client, logged_in_moderator):
    response = client.post("/articles/import", data={"text": "  "})
    assert response.status_code == 422
    assert "Paste the article, choose a file, or give its web address." in response.get_data(as_text=True)


def test_publishing_opens_the_hub_with_one_thread_per_question(client, logged_in_moderator):
    response = publish(client)
    assert response.status_code == 302
    hub = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Should libraries lend tools?" in hub and "Who pays for repairs?" in hub
    assert db.session.query(Thread).count() == 2


def test_a_bad_preview_keeps_what_was_typed(client, logged_in_moderator):
    response = publish(client, title="", body="My careful body text")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "My careful body text" in html
    assert 'id="title-error"' in html


TALK_IT_OVER = """# Benches Without Armrests

The park authority is replacing every bench in the square.

## Talk it over

- Who is a public bench for?
- Describe a bench you know and who uses it.
"""


def test_the_preview_says_why_each_question_was_taken(client, logged_in_moderator):
    html = client.post("/articles/import", data={"text": TALK_IT_OVER}).get_data(as_text=True)

    assert "Who is a public bench for?\nDescribe a bench you know and who uses it.</textarea>" in html
    assert ">Why these questions</h2>" in html
    for question in ("Who is a public bench for?", "Describe a bench you know and who uses it."):
        assert (f'<span class="found-question">{question}</span> '
                "<span class=\"found-reason\">— under the heading &#39;Talk it over&#39;</span>") in html


def test_a_preview_without_questions_says_to_add_them(client, logged_in_moderator):
    html = client.post("/articles/import", data={"text": "Title\n\nJust a paragraph."}).get_data(as_text=True)

    assert "Agora found no questions in this article: add them above, one per line." in html


def test_an_html_page_gives_its_description_as_the_summary_for_the_front_page(client, logged_in_moderator):
    page = (CORPUS / "30-news-kicker.html").read_bytes()
    data = {"file": (io.BytesIO(page), "rent.html")}
    html = client.post("/articles/import", data=data, content_type="multipart/form-data").get_data(as_text=True)
    description = "The city&#39;s emergency rent freeze expires on Friday."
    assert re.search(r'<textarea[^>]*name="summary"[^>]*>\s*' + re.escape(description), html)

    publish(client, summary="The city's emergency rent freeze expires on Friday.")

    assert description in client.get("/").get_data(as_text=True)


def test_importing_a_published_article_again_warns_with_a_link_and_asks_to_confirm(client, logged_in_moderator):
    source = "https://example.org/news/harbour-library-tool-shelf/"  # the seed's "full story" line
    first = client.post("/articles/import", data={"text": SEED_SHAPE}).get_data(as_text=True)
    assert "Already published" not in first and ">Publish</button>" in first
    publish(client, source_url=source)

    preview = client.post("/articles/import", data={"text": SEED_SHAPE}).get_data(as_text=True)
    assert 'Already published as <a href="/articles/tool-libraries">Tool libraries</a>.' in preview
    assert ">Publish anyway</button>" in preview and ">Publish</button>" not in preview

    refused = publish(client, source_url=source)
    assert refused.status_code == 409
    assert 'Already published as <a href="/articles/tool-libraries">' in refused.get_data(as_text=True)
    assert db.session.query(Article).count() == 1

    confirmed = publish(client, source_url=source, confirm="y")
    assert confirmed.headers["Location"].endswith("/articles/tool-libraries-2")


def test_publishing_without_questions_warns_and_asks_to_confirm(client, logged_in_moderator):
    refused = publish(client, questions="")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "This article has no questions, so publishing it opens no threads." in html
    assert ">Publish anyway</button>" in html
    assert publish(client, questions="", confirm="y").status_code == 302
    assert db.session.query(Thread).count() == 0


def test_a_failed_publish_shows_the_reasons_again_and_ignores_a_tampered_field(client, logged_in_moderator):
    kept = publish(client, title="", reasons='[["Is it fair?", "under the heading \'Your turn\'"]]')
    tampered = publish(client, title="", reasons='{"not": "a list"')

    assert kept.status_code == 422
    assert "— under the heading &#39;Your turn&#39;" in kept.get_data(as_text=True)
    assert tampered.status_code == 422
    assert "Agora found no questions" in tampered.get_data(as_text=True)


class _Page(BaseHTTPRequestHandler):
    def do_GET(self):
        body = ("<html><head><title>Loopback story</title></head><body><h1>Loopback story</h1>"
                '<p>Some text, and <a href="/notes/more">a note</a>.</p><h3>Over to you</h3>'
                "<p>Is this local?</p><p>Does it work?</p></body></html>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def loopback_page():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/story"
    server.shutdown()
    server.server_close()
    thread.join()


def test_importing_from_loopback_works_with_the_switch_on(app, client, logged_in_moderator, loopback_page):
    app.config["IMPORT_ALLOW_PRIVATE_URLS"] = True
    html = client.post("/articles/import", data={"url": loopback_page}).get_data(as_text=True)
    assert "Is this local?\nDoes it work?" in html
    assert "— under the heading &#39;Over to you&#39;" in html
    assert f"[a note]({loopback_page.removesuffix('/story')}/notes/more)" in html
    assert f'value="{loopback_page}"' in html


def test_importing_from_loopback_is_refused_with_the_switch_off(client, logged_in_moderator, loopback_page):
    response = client.post("/articles/import", data={"url": loopback_page})
    assert response.status_code == 422
    assert "That address is on a private network and cannot be imported." in response.get_data(as_text=True)


def test_editing_questions_keeps_threads_and_adds_new_ones(client, logged_in_moderator, make):
    article = make.article(questions=["First question here?", "Second question here?"])
    first = db.session.query(Thread).filter_by(article_id=article.id).order_by(Thread.id).first()
    response = client.post(f"/articles/{article.slug}/edit", data={
        "title": "Renamed", "source_url": "", "body": "New body",
        "questions": "Second question here?\nFirst question here?\nA brand new line of enquiry?"})
    assert response.status_code == 302
    titles = [t.title for t in db.session.query(Thread).filter_by(article_id=article.id).order_by(Thread.id)]
    assert titles == ["First question here?", "Second question here?", "A brand new line of enquiry?"]
    assert first.question.position == 2
    assert article.title == "Renamed"


def test_unknown_article_is_404(client):
    assert client.get("/articles/nothing-here").status_code == 404


def test_front_page_lists_newest_first_with_counts(client, make):
    make.article("Older piece", questions=["One?"])
    make.article("Newer piece", questions=["One?", "Two?", "Three?"])
    html = client.get("/").get_data(as_text=True)
    assert html.index("Newer piece") < html.index("Older piece")
    assert "3 questions" in html and "1 question" in html


def test_front_page_paginates(app, client, make):
    app.config["ARTICLES_PER_PAGE"] = 2
    for number in range(3):
        make.article(f"Piece {number}", questions=[])
    assert "Piece 0" not in client.get("/").get_data(as_text=True)
    assert "Piece 0" in client.get("/?page=2").get_data(as_text=True)
    assert client.get("/?page=abc").status_code == 200
