"""Playwright in Debian's headless Chromium against a live server in a thread."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("FORUM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: install Debian's chromium package to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def javascript(request) -> bool:
    return request.param


class Page:
    """A Playwright page that records console errors and fails the test on any."""

    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.errors: list[str] = []
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def goto(self, path: str):
        return self.page.goto(self.base_url + path)

    def __getattr__(self, name: str):
        return getattr(self.page, name)


@pytest.fixture
def page(browser, live_server, javascript) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=javascript)
    context.set_default_timeout(5_000)
    wrapped = Page(context.new_page(), live_server)
    yield wrapped
    context.close()
    assert wrapped.errors == [], f"errors in the browser console: {wrapped.errors}"
