"""A publisher's page on another port embeds an article's discussion; a page on an unlisted origin cannot."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from forum.services import votes

SNIPPET = ('<div data-agora-article="{slug}"><a href="{agora}/articles/{slug}">Discuss this article on Agora</a></div>'
           '<script src="{agora}/static/embed.js" async></script>')


@contextmanager
def publisher(html: str) -> Iterator[str]:
    """A page of another site: ``html`` served at / from its own 127.0.0.1 port."""
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = f"<!doctype html><html lang='en'><head><title>News</title></head><body><h1>News</h1>{html}</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *_args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def article(make):
    article = make.article("Harbour library lends drills", questions=["Should libraries lend tools?"])
    thread = make.thread(article)
    best = make.post(thread, body="The best answer, with enough words to take some room in the frame.")
    for _ in range(2):  # the embed shows the digest's best answers: two votes or more
        votes.cast_vote(make.user(), best, value=1)
    return article, thread.id


def wait_for(condition: Callable[[], bool], page) -> None:
    for _ in range(50):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError("the condition never held")


def test_a_listed_site_shows_the_discussion_in_a_frame_that_fits(app, page, live_server, article, javascript):
    article, thread_id = article
    with publisher(SNIPPET.format(slug=article.slug, agora=live_server)) as site:
        app.config["EMBED_ORIGINS"] = [site]
        page.page.goto(site + "/")
        if not javascript:
            expect(page.get_by_role("link", name="Discuss this article on Agora")).to_have_attribute(
                "href", f"{live_server}/articles/{article.slug}")
            return
        frame = page.frame_locator("iframe")
        expect(frame.get_by_text("The best answer, with enough words")).to_be_visible()
        expect(frame.get_by_role("link", name="Answer on Agora")).to_have_attribute(
            "href", f"{live_server}/threads/{thread_id}")
        iframe = page.locator("iframe")
        wait_for(lambda: iframe.bounding_box()["height"] != 384, page)  # 24rem until the frame reports
        inner = frame.locator("body").evaluate("body => body.getBoundingClientRect().height")
        assert abs(iframe.bounding_box()["height"] - inner) <= 1 and inner < 384  # it shrank to fit


def test_a_site_not_listed_is_refused_the_frame(app, browser, live_server, article):
    article, _ = article
    with publisher(SNIPPET.format(slug=article.slug, agora=live_server)) as listed, \
            publisher(SNIPPET.format(slug=article.slug, agora=live_server)) as stranger:
        app.config["EMBED_ORIGINS"] = [listed]
        context = browser.new_context()
        page = context.new_page()
        refusals: list[str] = []
        page.on("console", lambda message: message.type == "error" and refusals.append(message.text))
        page.goto(stranger + "/")
        expect(page.locator("iframe")).to_have_count(1)
        wait_for(lambda: any("frame-ancestors" in text for text in refusals), page)
        assert page.frame_locator("iframe").get_by_text("The best answer").count() == 0
        context.close()
