"""No serious or critical axe-core violations on the pages people see most."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from forum.services import password_resets, users
from tests.browser.actions import log_in

SERIOUS = ("serious", "critical")


@pytest.fixture
def seeded(make):
    author, reader = make.user("author"), make.user("reader")
    article = make.article("An article to read", questions=["What would you change?", "Who decides?"])
    thread = make.thread(article)
    answer = make.post(thread, author=author, body="A first answer with a [link](https://example.org).")
    make.post(thread, author=reader, parent=answer, body="A reply to it.")
    return {"article": article, "thread": thread, "reader": reader}


def violations(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
            for v in results.response["violations"] if v["impact"] in SERIOUS]


def check(browser, base_url: str, paths: list[str], username: str | None = None) -> dict[str, list[str]]:
    context = browser.new_context()
    page = context.new_page()
    if username:
        log_in(page, username, base_url)
    found = {}
    for path in paths:
        page.goto(base_url + path)
        found[path] = violations(page)
    context.close()
    return {path: problems for path, problems in found.items() if problems}


def test_pages_for_visitors(browser, live_server, seeded):
    reset_link = password_resets.create_link(users.find_user("author"))
    paths = ["/", f"/articles/{seeded['article'].slug}", f"/threads/{seeded['thread'].id}",
             "/login", "/register", "/mod/log", "/u/author", "/password/reset", reset_link, "/?sort=top",
             "/?sort=unanswered", "/search?q=answer", "/search?q=-answer"]
    assert check(browser, live_server, paths) == {}


def test_pages_for_members(browser, live_server, seeded):
    paths = [f"/threads/{seeded['thread'].id}", "/settings", "/notifications",
             f"/articles/{seeded['article'].slug}/threads/new"]
    assert check(browser, live_server, paths, username="reader") == {}


def test_pages_for_moderators(browser, live_server, seeded, make):
    make.user("warden", role="moderator")
    paths = [f"/threads/{seeded['thread'].id}", "/mod/reports", "/mod/queue", "/articles/import",
             f"/articles/{seeded['article'].slug}/edit", "/u/reader"]
    assert check(browser, live_server, paths, username="warden") == {}
