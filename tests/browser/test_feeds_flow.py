"""A reader finds each page's feed from the page itself, with JavaScript on and off."""

from __future__ import annotations

import feedparser
from playwright.sync_api import expect


def test_a_reader_follows_the_feed_links_of_the_pages(page, make):
    article = make.article("Harbour library lends drills", questions=["Should libraries lend tools?"])
    thread = make.thread(article)
    make.post(thread, author=make.user("carol"), body="Yes, they should.")
    for path, title in (("/", "Agora: new articles"), (f"/articles/{article.slug}", "Agora: new answers to “Harbour library lends drills”"),
                        (f"/threads/{thread.id}", "Agora: Should libraries lend tools?"), ("/u/carol", "Agora: posts by carol")):
        page.goto(path)
        link = page.get_by_role("link", name="Feed", exact=True)
        expect(link).to_be_visible()
        href = link.get_attribute("href")
        expect(page.locator('link[rel="alternate"][type="application/atom+xml"]')).to_have_attribute("href", href)
        feed = feedparser.parse(page.request.get(page.base_url + href).body())
        assert not feed.bozo and feed.feed.title == title
