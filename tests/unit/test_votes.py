"""Votes: one per member and post, score and karma kept with them."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forum.errors import Invalid, NotAllowed
from forum.extensions import db
from forum.models import Vote
from forum.services import votes


def tally(post, author):
    db.session.refresh(post)
    db.session.refresh(author)
    return post.score, post.upvotes, post.downvotes, author.karma


def test_an_upvote_raises_score_and_karma(post, author, member):
    assert votes.cast_vote(member, post, value=1) == 1
    assert tally(post, author) == (1, 1, 0, 1)


def test_same_vote_twice_withdraws_it(post, author, member):
    votes.cast_vote(member, post, value=1)
    assert votes.cast_vote(member, post, value=1) == 0
    assert tally(post, author) == (0, 0, 0, 0)
    assert db.session.scalar(select(func.count()).select_from(Vote)) == 0


def test_the_other_vote_switches_it(post, author, member):
    votes.cast_vote(member, post, value=1)
    assert votes.cast_vote(member, post, value=-1) == -1
    assert tally(post, author) == (-1, 0, 1, -1)
    assert db.session.scalar(select(func.count()).select_from(Vote)) == 1


def test_votes_of_many_members_add_up(make, post, author):
    for value in (1, 1, 1, -1):
        votes.cast_vote(make.user(), post, value=value)
    assert tally(post, author) == (2, 3, 1, 2)


def test_set_vote_sets_an_absolute_value_and_zero_withdraws(post, author, member):
    votes.set_vote(member, post, value=-1)
    votes.set_vote(member, post, value=-1)
    assert tally(post, author) == (-1, 0, 1, -1)
    votes.set_vote(member, post, value=0)
    assert tally(post, author) == (0, 0, 0, 0)


@pytest.mark.parametrize("value", [0, 2, -5])
def test_a_pressed_vote_is_up_or_down(post, member, value):
    with pytest.raises(Invalid):
        votes.cast_vote(member, post, value=value)


def test_members_cannot_vote_on_their_own_posts(post, author):
    with pytest.raises(NotAllowed, match="own posts"):
        votes.cast_vote(author, post, value=1)


def test_suspended_members_cannot_vote(make, post):
    with pytest.raises(NotAllowed, match="suspended"):
        votes.cast_vote(make.user(suspended_days=1), post, value=1)


def test_locked_threads_take_no_votes(post, member):
    post.thread.locked = True
    db.session.commit()
    with pytest.raises(NotAllowed, match="locked"):
        votes.cast_vote(member, post, value=1)


def test_viewer_votes_reads_the_viewers_votes_in_one_go(make, post, member):
    other = make.post(post.thread)
    votes.cast_vote(member, post, value=-1)
    assert votes.viewer_votes(member, [post.id, other.id]) == {post.id: -1}
    assert votes.viewer_votes(None, [post.id]) == {}
