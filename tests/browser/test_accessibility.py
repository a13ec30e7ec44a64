"""No serious or critical axe-core violations on the pages people see most."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from forum.services import password_resets, profiles, users
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


def check(browser, base_url: str, paths: list[str], username: str | None = None, **context_options) -> dict[str, list[str]]:
    context = browser.new_context(**context_options)
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


@pytest.fixture
def judged(make):
    """The pages the outside judges score (issue 15): a 10-deep thread and a profile with a bio."""
    ada = make.user("ada")
    profiles.edit_profile(ada, display_name="Ada Lovelace", bio="I read *slowly*; [my notes](https://example.org).")
    article = make.article("A deep discussion", questions=["Where does it end?"])
    thread = make.thread(article)
    parent = None
    for depth in range(10):
        parent = make.post(thread, author=ada if depth % 2 else None, parent=parent, body=f"Reply at depth {depth}.")
    return {"article": article, "thread": thread}


SCHEMES = {"light-desktop": ("light", 1280), "dark-desktop": ("dark", 1280),
           "light-phone": ("light", 390), "dark-phone": ("dark", 390)}


@pytest.mark.parametrize("scheme, width", SCHEMES.values(), ids=SCHEMES.keys())
def test_judged_pages_in_light_and_dark_mode(browser, live_server, judged, scheme, width):
    paths = ["/", f"/articles/{judged['article'].slug}", f"/threads/{judged['thread'].id}", "/u/ada"]
    options = {"color_scheme": scheme, "viewport": {"width": width, "height": 900}}
    assert check(browser, live_server, paths, **options) == {}
    assert check(browser, live_server, paths, username="ada", **options) == {}
