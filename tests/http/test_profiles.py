"""A member's display name, bio and avatar: the settings form, the profile and the bylines."""

from __future__ import annotations

import pytest

from forum.limits import BIO_MAX, DISPLAY_NAME_MAX
from forum.services import profiles


def save_profile(client, **fields):
    return client.post("/settings/profile", data={"display_name": "", "bio": "", **fields})


def test_a_member_sets_a_display_name_and_bio_shown_on_their_profile(client, auth, member):
    auth.login(member)
    response = save_profile(client, display_name="  Jo   Rivera ", bio="I read **everything**.")
    assert response.status_code == 302
    assert "Your profile is saved." in client.get("/settings").get_data(as_text=True)
    html = client.get("/u/member").get_data(as_text=True)
    assert "<h1>Jo Rivera</h1>" in html and "@member" in html
    assert "<p>I read <strong>everything</strong>.</p>" in html


def test_the_bio_is_sanitized_markdown(client, auth, member):
    auth.login(member)
    save_profile(client, bio='<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>')
    html = client.get("/u/member").get_data(as_text=True)
    bio = html.split('class="profile-bio')[1].split("</div>")[0]
    assert "<script" not in bio and "<img" not in bio and 'href="javascript' not in bio
    assert "&lt;script&gt;" in bio


def test_the_profile_draws_an_avatar_of_initials_inline(client, auth, member):
    auth.login(member)
    save_profile(client, display_name="Jo Rivera")
    html = client.get("/u/member").get_data(as_text=True)
    svg = html.split('<svg class="avatar"')[1].split("</svg>")[0]
    assert ">JR</text>" in svg and 'aria-hidden="true"' in svg
    assert "http" not in svg.replace("http://www.w3.org", "")


@pytest.mark.parametrize(("fields", "message"), [
    ({"display_name": "x" * (DISPLAY_NAME_MAX + 1)}, f"Keep the display name to {DISPLAY_NAME_MAX} characters"),
    ({"display_name": "Jo @admin"}, "A display name cannot contain “@”"),
    ({"display_name": "moderator"}, "That is another member&#39;s username"),
    ({"bio": "b" * (BIO_MAX + 1)}, f"Keep the bio to {BIO_MAX:,} characters"),
])
def test_a_refused_profile_says_why_beside_the_field_and_keeps_the_typed_text(client, auth, member, moderator,
                                                                             fields, message):
    auth.login(member)
    typed = {"display_name": "Typed name", "bio": "Typed bio", **fields}
    response = save_profile(client, **typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert typed["bio"] in html and f'value="{typed["display_name"]}"' in html
    assert client.get("/u/member").get_data(as_text=True).count("Typed bio") == 0


def test_a_display_name_may_be_the_members_own_username_in_another_case(client, auth, member):
    auth.login(member)
    assert save_profile(client, display_name="MEMBER").status_code == 302


def test_nul_in_the_profile_is_refused(client, auth, member):
    auth.login(member)
    assert save_profile(client, bio="a\x00b").status_code == 400
    assert save_profile(client, display_name="a\x00b").status_code == 400


def test_an_empty_display_name_shows_the_username_again(client, auth, member):
    auth.login(member)
    save_profile(client, display_name="Jo")
    save_profile(client, display_name="   ")
    assert "<h1>member</h1>" in client.get("/u/member").get_data(as_text=True)


def test_saving_the_profile_needs_a_login(client):
    response = save_profile(client, display_name="Jo")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_settings_form_starts_with_the_saved_profile(client, auth, member):
    auth.login(member)
    save_profile(client, display_name="Jo Rivera", bio="Hello there")
    html = client.get("/settings").get_data(as_text=True)
    assert 'value="Jo Rivera"' in html and "Hello there</textarea>" in html


def test_avatars_differ_by_username_and_not_by_display_name():
    assert profiles.avatar_of("alice", "Al Ice") == profiles.avatar_of("ALICE", "Al Ice")
    assert profiles.avatar_of("alice").initials == "AL"
    assert profiles.avatar_of("alice", "Ali").initials == "A"
    assert profiles.avatar_of("alice").hue != profiles.avatar_of("bob").hue


def test_bylines_show_the_display_name_beside_the_username_on_the_thread_and_in_the_api(client, auth, make,
                                                                                      member, thread):
    post = make.post(thread, author=member, body="An answer with a byline.")
    profiles.edit_profile(member, display_name="Jo Rivera", bio="")
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert ('<a class="post-author" href="/u/member"><span class="display-name">Jo Rivera</span> '
            '<span class="username">@member</span></a>') in page
    answer = client.get(f"/api/v1/posts/{post.id}").get_json()
    assert (answer["author"], answer["author_display_name"]) == ("member", "Jo Rivera")
    spec = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert "author_display_name" in spec["Post"]["required"]


def test_a_posts_byline_carries_the_authors_avatar_as_a_small_chip_of_the_profiles_colour(client, auth, make,
                                                                                         member, thread):
    make.post(thread, author=member, body="An answer with an avatar.")
    profiles.edit_profile(member, display_name="Jo Rivera", bio="")
    drawn = profiles.avatar_of("member", "Jo Rivera")
    chip = f'<span class="avatar-chip shade-{drawn.shade}" aria-hidden="true">JR</span>'
    for reader in (None, member):  # the visitors' page cache and the members' tree cache alike
        if reader:
            auth.login(reader)
        assert chip in client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert f'fill="hsl({drawn.hue} 55% 30%)"' in client.get("/u/member").get_data(as_text=True)
    assert {profiles.avatar_of(name).hue for name in ("alice", "bob", "carol", "dave", "erin")} <= {
        shade * 30 + 15 for shade in range(12)}
