"""Editing one's profile, tested on the service: what is stored, what is refused, which pages change."""

from __future__ import annotations

import pytest

from forum.errors import Conflict, Invalid
from forum.extensions import db
from forum.limits import BIO_MAX, DISPLAY_NAME_MAX
from forum.services import posts, profiles


def version(thread) -> int:
    db.session.refresh(thread)
    return thread.version


def test_the_bio_is_stored_with_its_sanitized_html(member):
    profiles.edit_profile(member, display_name=" Jo  Rivera ", bio=" Hi <b>there</b> *you* ")
    assert (member.display_name, member.bio) == ("Jo Rivera", "Hi <b>there</b> *you*")
    assert member.bio_html == "<p>Hi &lt;b&gt;there&lt;/b&gt; <em>you</em></p>\n"


def test_an_empty_display_name_and_bio_clear_them(member):
    profiles.edit_profile(member, display_name="Jo", bio="Hi")
    profiles.edit_profile(member, display_name=" ", bio=None)
    assert (member.display_name, member.bio, member.bio_html) == (None, "", "")


@pytest.mark.parametrize(("display_name", "bio", "error", "field"), [
    ("x" * (DISPLAY_NAME_MAX + 1), "", Invalid, "display_name"),
    ("Jo@home", "", Invalid, "display_name"),
    ("Jo\u202eevil", "", Invalid, "display_name"),
    ("Jo\x00", "", Invalid, "display_name"),
    ("Moderator", "", Conflict, "display_name"),
    ("", "b" * (BIO_MAX + 1), Invalid, "bio"),
    ("", "a\x00b", Invalid, "bio"),
])
def test_refused_profiles_name_the_field_and_change_nothing(member, moderator, display_name, bio, error, field):
    with pytest.raises(error) as refused:
        profiles.edit_profile(member, display_name=display_name, bio=bio)
    assert refused.value.field == field
    db.session.rollback()
    assert (member.display_name, member.bio) == (None, "")


def test_a_new_display_name_changes_the_pages_of_threads_the_member_wrote_in(make, member):
    written, other = make.thread(), make.thread()
    make.post(written, author=member)
    before, untouched = version(written), version(other)
    profiles.edit_profile(member, display_name="Jo", bio="")
    assert version(written) == before + 1 and version(other) == untouched


def test_saving_an_unchanged_profile_changes_no_page(make, member):
    thread = make.thread()
    make.post(thread, author=member)
    profiles.edit_profile(member, display_name="Jo", bio="Hi")
    before = version(thread)
    profiles.edit_profile(member, display_name="Jo", bio="Hi")
    assert version(thread) == before


def test_answers_count_visible_top_level_posts_only(make, member):
    thread = make.thread()
    answer = make.post(thread, author=member)
    make.post(thread, author=member, parent=answer)
    posts.delete_post(member, make.post(thread, author=member))
    assert profiles.answer_count(member) == 1
