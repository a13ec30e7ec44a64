"""Best answers: which answers lead each question, in what order, and who may read them."""

from __future__ import annotations

import itertools

import pytest
from flask_login import AnonymousUserMixin

from forum.services import digest, moderation, posts, threads, votes
from forum.services.digest import BestAnswer, too_close

VISITOR = AnonymousUserMixin()

# Distinct answers to one question ("Bike lanes on Main Street: would you do the same?"): they share
# its words, and must all be kept.
DISTINCT = [
    "Bike lanes calm the traffic on our street, and children can ride to school safely now.",
    "The city should have asked the shop owners first; deliveries are a mess since the lanes came.",
    "I ride every day and the lanes feel safer, but the junctions are still dangerous for cyclists.",
    "Buses need their own lanes too, otherwise nothing changes for the people who cannot cycle.",
    "Lanes are fine, but the money would have done more for the traffic if spent on better buses.",
    "Yes. I would do the same in my town, and I would start with the streets around the schools.",
    "Parking was the real fight here: nobody wants to lose the space in front of their house.",
]
# Copies: a word or two changed, or the sentences reordered; the second of each pair must be skipped.
COPIES = [
    (DISTINCT[0], "Bike lanes calm traffic on our street and the children can ride to school safely now!"),
    (DISTINCT[2], "The junctions are still dangerous for cyclists, but I ride every day and the lanes feel safer."),
    (DISTINCT[6], "Parking was the real fight here. Nobody wants to lose the parking space in front of their home."),
]


def answer_of(body: str, number: int = 1) -> BestAnswer:
    return BestAnswer(id=number, thread_id=1, author_id=number, author=f"member{number}", body=body,
                      body_html="", score=2, featured=False)


def test_distinct_answers_to_one_question_are_not_too_close():
    for one, other in itertools.combinations(DISTINCT, 2):
        assert not too_close(answer_of(one), answer_of(other)), (one, other)


@pytest.mark.parametrize("original, copy", COPIES)
def test_copies_reworded_or_reordered_are_too_close(original, copy):
    assert too_close(answer_of(original), answer_of(copy))


@pytest.fixture
def thread(make):
    return make.thread(make.article("Main Street", questions=["Would you do the same?", "Who pays?"]))


@pytest.fixture
def voters(make):
    return [make.user(f"voter{number}") for number in range(6)]


def answer(make, thread, body, *, by=None):
    return make.post(thread, author=by or make.user(), body=body)


def vote(post, voters, up: int, down: int = 0) -> None:
    for voter, value in zip(voters, [1] * up + [-1] * down, strict=False):
        votes.cast_vote(voter, post, value=value)


def digest_of(thread, viewer=VISITOR) -> list[int]:
    return [chosen.id for chosen in digest.best_answers(viewer, [thread]).get(thread.id, [])]


def test_picks_lead_oldest_first_then_the_best_by_wilson_bound(make, thread, voters, moderator):
    liked, loved, picked_first, picked_then = (answer(make, thread, body) for body in DISTINCT[:4])
    vote(liked, voters, up=3, down=1)
    vote(loved, voters, up=5)
    digest.feature_post(moderator, picked_first)
    digest.feature_post(moderator, picked_then)
    assert digest_of(thread) == [picked_first.id, picked_then.id, loved.id]


def test_only_answers_with_two_votes_and_more_up_than_down_compete(make, thread, voters):
    one_vote, split, down, two_up = (answer(make, thread, body) for body in DISTINCT[:4])
    vote(one_vote, voters, up=1)
    vote(split, voters, up=1, down=1)
    vote(down, voters, up=1, down=2)
    vote(two_up, voters, up=2)
    assert digest_of(thread) == [two_up.id]


def test_at_most_three_answers(make, thread, voters):
    for body in DISTINCT[:5]:
        vote(answer(make, thread, body), voters, up=2)
    assert len(digest_of(thread)) == 3


def test_one_answer_per_author_the_better_one(make, thread, voters):
    alice = make.user("alice")
    better = answer(make, thread, DISTINCT[0], by=alice)
    worse = answer(make, thread, DISTINCT[1], by=alice)
    other = answer(make, thread, DISTINCT[2])
    vote(better, voters, up=5)
    vote(worse, voters, up=4)
    vote(other, voters, up=2)
    assert digest_of(thread) == [better.id, other.id]


def test_an_answer_too_close_to_a_chosen_one_is_skipped(make, thread, voters):
    original, copy, distinct = (answer(make, thread, body) for body in (COPIES[0][0], COPIES[0][1], DISTINCT[3]))
    vote(original, voters, up=5)
    vote(copy, voters, up=4)
    vote(distinct, voters, up=2)
    assert digest_of(thread) == [original.id, distinct.id]


def test_removed_and_deleted_answers_and_replies_never_appear(make, thread, voters, moderator):
    removed, deleted, kept = (answer(make, thread, body) for body in DISTINCT[:3])
    reply = make.post(thread, parent=kept, body=DISTINCT[3])
    for post in (removed, deleted, kept, reply):
        vote(post, voters, up=3)
    digest.feature_post(moderator, removed)
    moderation.remove_post(moderator, removed, reason="Off topic")
    posts.delete_post(deleted.author, deleted)
    assert digest_of(thread) == [kept.id] == digest_of(thread, moderator)
    moderation.restore_post(moderator, removed)
    assert digest_of(thread) == [removed.id, kept.id]


def test_hidden_threads_have_no_best_answers_even_for_moderators(make, thread, voters, moderator):
    vote(answer(make, thread, DISTINCT[0]), voters, up=2)
    moderation.hide_thread(moderator, thread)
    assert digest_of(thread, moderator) == []


def test_members_threads_have_no_best_answers(make, thread, voters, moderator):
    started = threads.start_thread(make.user("bob"), thread.article, title="Trams instead?", body=DISTINCT[4])
    assert digest.best_answers(moderator, [started]) == {}


def test_answer_first_keeps_the_digest_from_those_who_may_not_read_the_answers(make, thread, voters, moderator):
    best = answer(make, thread, DISTINCT[0])
    vote(best, voters, up=2)
    moderation.require_answers_first(moderator, thread)
    newcomer, answered = make.user("newcomer"), make.user("answered")
    answer(make, thread, DISTINCT[1], by=answered)
    assert digest_of(thread) == [] and digest_of(thread, newcomer) == []
    assert digest_of(thread, answered) == [best.id] == digest_of(thread, moderator)


def test_the_article_digest_lists_its_questions_in_order_with_their_answers(make, thread, voters):
    best = answer(make, thread, DISTINCT[0])
    vote(best, voters, up=2)
    questions = digest.article_digest(thread.article, VISITOR)
    assert [question.thread.title for question in questions] == ["Would you do the same?", "Who pays?"]
    assert [[chosen.id for chosen in question.answers] for question in questions] == [[best.id], []]
    [chosen] = questions[0].answers
    assert (chosen.body, chosen.author, chosen.score, chosen.featured) == (DISTINCT[0], best.author.username, 2, False)
    assert chosen.body_html == best.body_html
