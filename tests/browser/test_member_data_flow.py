"""A member downloads their data from Settings, with JavaScript on and off."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import expect

from tests.factories import Factory


def test_a_member_downloads_their_data_from_settings(page, make):
    member = make.user("grace")
    make.post(make.thread(), author=member, body="Grace's only answer.")
    page.goto("/login")
    page.get_by_label("Username or email").fill("grace")
    page.get_by_label("Password").fill(Factory.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.get_by_role("link", name="Settings").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data").click()
    assert download.value.suggested_filename == "agora-grace.json"
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["username"] == "grace"
    assert [post["body"] for post in data["posts"]] == ["Grace's only answer."]
