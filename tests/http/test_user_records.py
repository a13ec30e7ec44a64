"""A member's profile shows moderators, and no one else, the member's removed posts, reports and moderation history."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from forum.services import moderation, users

HEADING = "For moderators"


@pytest.fixture
def record(make, moderator) -> SimpleNamespace:
    """Pat wrote a post that was reported and removed, reported someone, and was suspended once."""
    pat = make.user("pat")
    thread = make.thread(make.article("Tram lines", questions=["Should trams be free?"]))
    insult = make.post(thread, author=pat, body="Only fools ride trams.")
    make.report(insult, reporter=make.user("kim"), reason="harassment", details="Name-calling again")
    moderation.remove_post(moderator, insult, reason="Insulting other riders")
    other = make.post(thread, author=make.user("lee"), body="Trams are lovely.")
    make.report(other, reporter=pat, reason="spam")
    users.suspend_user(moderator, pat, days=2, reason="Cooling off")
    users.unsuspend_user(moderator, pat)
    return SimpleNamespace(pat=pat, insult=insult, other=other)


def test_moderators_see_removed_posts_reports_made_and_received_and_history(client, auth, moderator, record):
    auth.login(moderator)
    page = client.get("/u/pat").get_data(as_text=True)
    section = page.split(f">{HEADING}</h2>")[1]
    removed, received, made, history = (section.split(f'id="{name}"')[1] for name in (
        "removed-posts", "reports-received", "reports-made", "moderation-history"))
    assert f'/posts/{record.insult.id}"' in removed and "Insulting other riders" in removed
    assert "Harassment (“Name-calling again”)" in received and "by kim" in received
    assert "Spam" in made and f"post #{record.other.id}" in made and "by lee" in made
    for entry in ("Removed post", "Suspended member", "Unsuspended member", "2 days: Cooling off"):
        assert entry in history
    assert "by moderator" in history


@pytest.mark.parametrize("who", ["visitor", "member", "pat"])
def test_members_visitors_and_the_member_see_none_of_it(who, client, auth, member, record):
    if who != "visitor":
        auth.login(record.pat if who == "pat" else member)
    page = client.get("/u/pat").get_data(as_text=True)
    assert HEADING not in page and "Insulting other riders" not in page and "Name-calling" not in page


def test_the_record_costs_the_same_queries_however_long_it_is(client, auth, make, moderator, record, count_queries):
    auth.login(moderator)

    def queries() -> int:
        with count_queries() as counter:
            assert client.get("/u/pat").status_code == 200
        return len(counter)

    short = queries()
    thread = make.thread(make.article("Bus lanes", questions=["Who needs buses?"]))
    for n in range(5):
        post = make.post(thread, author=record.pat, body=f"Rude thing {n}.")
        make.report(post, reporter=make.user(f"reader{n}"))
        make.report(make.post(thread, author=make.user(f"writer{n}")), reporter=record.pat)
        moderation.remove_post(moderator, post, reason=f"Rude {n}")
    assert queries() == short
