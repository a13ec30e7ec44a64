"""Contest mode: scores hidden from everyone everywhere, answers shuffled per reader, and the
site-wide window (FORUM_SCORE_HIDE_MINUTES) that hides new posts' scores.

Settings: the testing defaults (no post intervals, heat off, SCORE_HIDE_MINUTES 0) unless a test
sets POSTS_PER_PAGE or SCORE_HIDE_MINUTES on the app.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select, update

from forum.extensions import db
from forum.models import Article, ModerationAction, Post, Thread, utcnow
from forum.services import digest, moderation, scores, votes
from tests.factories import Factory
from tests.http.api_client import ApiClient

ANSWERS = 12


def text_of(client, url: str, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def answer_ids(page: str, replies: tuple[int, ...] = ()) -> list[int]:
    """The posts of a thread page but ``replies``, in the order shown."""
    shown = [int(found) for found in re.findall(r'<article id="post-(\d+)"', page)]
    return [post_id for post_id in shown if post_id not in replies]


def order(client, contest: SimpleNamespace, query: str = "") -> list[int]:
    """The contest thread's answers as ``client`` sees them; ``query`` may pick a sort or page."""
    return answer_ids(text_of(client, f"/threads/{contest.thread.id}{query}"), (contest.reply.id,))


def shows_a_score(page: str) -> bool:
    return "data-score" in page or re.search(r"\d+ points?\b", page) is not None


@pytest.fixture
def contest(make, member, moderator) -> SimpleNamespace:
    thread = make.thread()
    voters = [make.user(f"voter{n}") for n in range(3)]
    answers = [make.post(thread, body=f"Answer {n}.") for n in range(ANSWERS)]
    for voter in voters:  # the last answer leads by votes, so "top" would put it first
        votes.cast_vote(voter, answers[-1], value=1)
    votes.cast_vote(member, answers[0], value=1)
    reply = make.post(thread, parent=answers[0], body="A reply with its own votes.")
    votes.cast_vote(voters[0], reply, value=-1)
    moderation.start_contest_mode(moderator, thread)
    return SimpleNamespace(thread=thread, answers=answers, reply=reply, member=member, moderator=moderator,
                           author=answers[0].author)


def test_a_moderator_starts_and_ends_contest_mode_both_logged(client, auth, make, moderator):
    thread = make.thread()
    auth.login(moderator)
    assert "Start contest mode" in text_of(client, f"/threads/{thread.id}")
    client.post(f"/threads/{thread.id}/start-contest", data={"thread-reason": "Fresh eyes"})
    assert db.session.get(Thread, thread.id).contest_mode
    page = text_of(client, f"/threads/{thread.id}")
    assert "End contest mode" in page and "Contest mode: scores are hidden" in page
    client.post(f"/threads/{thread.id}/end-contest", data={"thread-reason": ""})
    assert not db.session.get(Thread, thread.id).contest_mode
    logged = db.session.scalars(select(ModerationAction.action).where(ModerationAction.target_id == thread.id)).all()
    assert logged == ["contest-mode-on", "contest-mode-off"]
    log = text_of(client, "/mod/log")
    assert "Started contest mode" in log and "Ended contest mode" in log


def test_members_cannot_switch_contest_mode(client, auth, contest):
    auth.login(contest.member)
    assert client.post(f"/threads/{contest.thread.id}/end-contest", data={}).status_code == 403
    assert db.session.get(Thread, contest.thread.id).contest_mode


@pytest.mark.parametrize("who", ["visitor", "member", "author", "moderator"])
def test_no_page_or_fragment_shows_a_score_to_anyone(who, client, auth, contest):
    if who != "visitor":
        auth.login(getattr(contest, who))
    first = contest.answers[0]
    urls = [f"/threads/{contest.thread.id}", f"/threads/{contest.thread.id}?sort=top", f"/posts/{first.id}",
            f"/posts/{contest.reply.id}", f"/u/{contest.author.username}", f"/embed/articles/{contest.thread.article.slug}"]
    for url in urls:
        page = text_of(client, url)
        assert not shows_a_score(page), url
    fragment = text_of(client, f"/posts/{first.id}", headers={"HX-Request": "true"})
    assert "Answer 0." in fragment and not shows_a_score(fragment)


def test_the_members_own_vote_still_shows_pressed_and_a_vote_answers_no_score(client, auth, contest):
    auth.login(contest.member)
    page = text_of(client, f"/posts/{contest.answers[0].id}")
    pressed = re.search(rf'<button[^>]*id="upvote-{contest.answers[0].id}"[^>]*>', page).group(0)
    assert 'aria-pressed="true"' in pressed
    assert "Score hidden" in page
    response = client.post(f"/posts/{contest.answers[1].id}/upvote", headers={"HX-Request": "true"})
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and 'aria-pressed="true"' in fragment and not shows_a_score(fragment)
    assert db.session.get(Post, contest.answers[1].id).score == 1  # counted all the same


def test_the_api_hides_scores_in_threads_posts_and_votes(client, contest):
    api = ApiClient(client).login("member")
    thread = api.get(f"/threads/{contest.thread.id}?sort=top").json
    assert thread["contest_mode"] is True
    assert {(post["score"], post["upvotes"], post["downvotes"]) for post in thread["posts"]} == {(None, None, None)}
    assert thread["posts"][0]["replies"] in ([], [*thread["posts"][0]["replies"]])
    post = api.get(f"/posts/{contest.answers[0].id}").json
    assert post["score"] is None and post["my_vote"] == 1
    assert post["replies"][0]["score"] is None
    vote = api.put(f"/posts/{contest.answers[2].id}/vote", {"value": 1})
    assert vote.status_code == 200 and vote.json == {"my_vote": 1}


def test_the_member_data_export_hides_scores_in_contest_threads(client, auth, contest):
    auth.login(contest.author)
    data = client.get("/settings/data.json").json
    exported = next(post for post in data["posts"] if post["id"] == contest.answers[0].id)
    assert exported["score"] is None and exported["upvotes"] is None


def test_answers_are_shuffled_per_member_stably_and_whatever_the_score_sort(client, auth, make, contest):
    orders = {}
    for name in ("member", "voter0"):
        auth.login(name)
        orders[name] = order(client, contest)
        assert order(client, contest) == orders[name]
        for sort in ("top", "controversial"):
            assert order(client, contest, f"?sort={sort}") == orders[name]
        auth.logout()
    assert sorted(orders["member"]) == sorted(answer.id for answer in contest.answers)
    assert orders["member"] != orders["voter0"]
    by_votes = [contest.answers[-1].id] + [answer.id for answer in contest.answers[:-1]]
    assert by_votes not in orders.values()


def test_new_and_old_keep_their_order_in_contest_mode(client, auth, contest):
    auth.login(contest.member)
    ids = [answer.id for answer in contest.answers]
    assert order(client, contest, "?sort=old") == ids
    assert order(client, contest, "?sort=new") == ids[::-1]


def test_the_shuffle_pages_through_every_answer_once(app, client, auth, contest):
    app.config["POSTS_PER_PAGE"] = 5
    auth.login(contest.member)
    pages = [order(client, contest, f"?page={page}") for page in (1, 2, 3)]
    shown = [post_id for page in pages for post_id in page]
    params = scores.shuffle_params(contest.member)
    assert shown == sorted((answer.id for answer in contest.answers), key=lambda i: (scores.shuffle_key(i, params), i))


def test_every_visitor_gets_the_one_visitor_order_from_the_cache(app, client, contest):
    first = order(client, contest)
    again = order(app.test_client(), contest)
    params = scores.shuffle_params(None)
    assert first == again == sorted(first, key=lambda i: (scores.shuffle_key(i, params), i))


def test_ending_contest_mode_shows_scores_again_even_to_a_cached_visitor(client, contest):
    assert not shows_a_score(text_of(client, f"/threads/{contest.thread.id}"))
    moderation.end_contest_mode(contest.moderator, db.session.get(Thread, contest.thread.id))
    page = text_of(client, f"/threads/{contest.thread.id}")
    assert 'data-score="3"' in page and "3 points" in page


def test_a_thread_joins_the_best_answers_when_contest_mode_ends(client, contest):
    def digest_answers() -> list[int]:
        digest = text_of(client, f"/articles/{contest.thread.article.slug}/digest.json")
        return [answer["id"] for question in json.loads(digest)["questions"] for answer in question["answers"]]

    assert digest_answers() == []
    moderation.end_contest_mode(contest.moderator, db.session.get(Thread, contest.thread.id))
    assert digest_answers() == [contest.answers[-1].id]


def test_the_api_starts_and_ends_contest_mode_for_moderators_only(client, make):
    thread = make.thread()
    make.user("member")
    make.user("moderator", role="moderator")
    refused = ApiClient(client).login("member").post(f"/threads/{thread.id}/start-contest", {"reason": ""})
    assert refused.status_code == 403
    api = ApiClient(client).login("moderator")
    started = api.post(f"/threads/{thread.id}/start-contest", {"reason": "Blind round"})
    assert started.status_code == 200 and started.json["contest_mode"] is True
    assert api.post(f"/threads/{thread.id}/start-contest", {"reason": ""}).status_code == 409
    assert api.post(f"/threads/{thread.id}/end-contest", {"reason": ""}).json["contest_mode"] is False


@pytest.fixture
def young(app, make, member) -> SimpleNamespace:
    """SCORE_HIDE_MINUTES 10: an old answer with one vote, a young one with three."""
    app.config["SCORE_HIDE_MINUTES"] = 10
    thread = make.thread()
    old, new = make.post(thread, body="The old answer."), make.post(thread, body="The young answer.")
    votes.cast_vote(member, old, value=1)
    for n in range(3):
        votes.cast_vote(make.user(f"fan{n}"), new, value=1)
    _age(old, minutes=30)
    return SimpleNamespace(thread=thread, old=old, new=new)


def _age(post: Post, *, minutes: int) -> None:
    """Move ``post`` back in time as the clock would, with no write that bumps a page version."""
    earlier = utcnow() - timedelta(minutes=minutes)
    db.session.execute(update(Post).where(Post.id == post.id).values(created_at=earlier))
    newest = select(func.max(Post.created_at)).where(Post.thread_id == post.thread_id).scalar_subquery()
    db.session.execute(update(Thread).where(Thread.id == post.thread_id).values(last_activity_at=newest))
    latest = select(func.max(Thread.last_activity_at)).where(Thread.article_id == Article.id).scalar_subquery()
    db.session.execute(update(Article).where(Article.id == post.thread.article_id).values(last_activity_at=latest,
                                                                                   updated_at=Article.updated_at))
    db.session.commit()


def test_a_young_posts_score_is_hidden_and_it_ranks_as_unvoted(client, young):
    page = text_of(client, f"/threads/{young.thread.id}?sort=top")
    assert f'data-post-id="{young.old.id}" data-score="1"' in page
    assert f'data-post-id="{young.new.id}" class=' in page  # no data-score
    assert answer_ids(page) == [young.old.id, young.new.id]
    api = ApiClient(client).get(f"/posts/{young.new.id}").json
    assert api["score"] is None


def test_a_cached_visitor_page_does_not_keep_a_score_hidden_past_its_minutes(client, young):
    assert 'data-score="3"' not in text_of(client, f"/threads/{young.thread.id}")
    _age(young.new, minutes=11)
    page = text_of(client, f"/threads/{young.thread.id}")
    assert f'data-post-id="{young.new.id}" data-score="3"' in page
    assert answer_ids(page) == [young.new.id, young.old.id]


def test_a_featured_young_answer_leads_the_digest_without_its_score(client, young, moderator):
    digest.feature_post(moderator, db.session.get(Post, young.new.id))
    document = client.get(f"/articles/{young.thread.article.slug}/digest.json").get_json()
    answers = {answer["id"]: answer for answer in document["questions"][0]["answers"]}
    assert answers[young.new.id]["featured"] and answers[young.new.id]["score"] is None
    assert '3 points' not in text_of(client, f"/articles/{young.thread.article.slug}")
    assert "3 points" not in text_of(client, f"/embed/articles/{young.thread.article.slug}")


def karma_shown(client, member) -> tuple[str, int, int, int]:
    """``member``'s karma on their profile page, in the API's profile, and in their own /users/me and data export."""
    page = text_of(client, f"/u/{member.username}")
    shown = re.search(r"<dt>Karma</dt><dd>(-?\d+)</dd>", page).group(1)
    profile = ApiClient(client).get(f"/users/{member.username}").json["karma"]
    me = ApiClient(client).login(member.username).get("/users/me").json["karma"]
    client.post("/login", data={"identifier": member.username, "password": Factory.PASSWORD})
    exported = client.get("/settings/data.json").json["account"]["karma"]
    client.post("/logout")
    return shown, profile, me, exported


def test_karma_leaves_out_votes_on_scores_hidden_by_contest_mode_until_it_ends(client, contest):
    assert karma_shown(client, contest.author) == ("0", 0, 0, 0)
    moderation.end_contest_mode(contest.moderator, db.session.get(Thread, contest.thread.id))
    assert karma_shown(client, contest.author) == ("1", 1, 1, 1)


def test_karma_leaves_out_votes_on_a_young_post_until_its_score_shows(client, young):
    assert karma_shown(client, young.new.author) == ("0", 0, 0, 0)
    _age(young.new, minutes=11)
    assert karma_shown(client, young.new.author) == ("3", 3, 3, 3)


def test_a_cached_article_page_does_not_keep_a_featured_score_hidden_past_its_minutes(client, young, moderator):
    digest.feature_post(moderator, db.session.get(Post, young.new.id))
    slug = young.thread.article.slug
    assert "3 points" not in text_of(client, f"/articles/{slug}")
    _age(young.new, minutes=11)
    assert "3 points" in text_of(client, f"/articles/{slug}")
