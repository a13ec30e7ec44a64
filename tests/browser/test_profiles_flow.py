"""A member fills in their profile in Settings and sees it on their profile, with JavaScript on and off,
on a desktop and on a 390 px phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.actions import log_in

WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_a_member_sets_display_name_and_bio_and_sees_them_on_their_profile(page, make, width):
    make.user("grace")
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "grace")
    page.goto("/settings")
    page.get_by_label("Display name").fill("Grace Hopper")
    page.get_by_label("Bio").fill("I find *bugs* in [machines](https://example.org).")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    page.get_by_role("link", name="Your profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grace Hopper")
    expect(page.get_by_text("@grace", exact=True)).to_be_visible()
    expect(page.locator(".profile-bio em")).to_have_text("bugs")
    expect(page.locator(".profile-head svg.avatar text")).to_have_text("GH")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_refused_display_name_keeps_what_was_typed(page, make):
    make.user("grace")
    log_in(page, "grace")
    page.goto("/settings")
    page.get_by_label("Display name").fill("Grace @admin")
    page.get_by_label("Bio").fill("Kept as typed.")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("A display name cannot contain “@” or control characters.")).to_be_visible()
    expect(page.get_by_label("Display name")).to_have_value("Grace @admin")
    expect(page.get_by_label("Bio")).to_have_value("Kept as typed.")
    assert page.errors == ["Failed to load resource: the server responded with a status of 422 (UNPROCESSABLE ENTITY)"]
    page.errors.clear()  # the refusal answers 422, which Chromium logs
