"""Deleting one's own post can be undone for DELETE_UNDO_SECONDS: it comes back as it was, counted again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from forum.errors import NotAllowed
from forum.extensions import db
from forum.limits import DELETE_UNDO_SECONDS
from forum.models import PostState, Thread, utcnow
from forum.services import posts


def test_undoing_a_deletion_brings_the_post_back_and_counts_it_again(make, thread, author, post):
    posts.delete_post(author, post)
    assert db.session.get(Thread, thread.id).post_count == 0
    posts.undo_delete(author, post)
    assert post.state == PostState.VISIBLE and post.deleted_at is None
    assert db.session.get(Thread, thread.id).post_count == 1 and author.post_count == 1


def test_a_post_deleted_while_waiting_for_approval_waits_again(make, thread):
    thread.article.premoderation = True
    db.session.commit()
    newcomer = make.user("newcomer")
    pending = posts.create_post(newcomer, thread, body="Wait for me")
    assert pending.state == PostState.PENDING
    posts.delete_post(newcomer, pending)
    posts.undo_delete(newcomer, pending)
    assert pending.state == PostState.PENDING and db.session.get(Thread, thread.id).post_count == 0


def test_only_the_author_can_undo_and_only_for_a_short_while(make, author, post):
    posts.delete_post(author, post)
    with pytest.raises(NotAllowed):
        posts.undo_delete(make.user("someone"), post)
    post.deleted_at = utcnow() - timedelta(seconds=DELETE_UNDO_SECONDS + 1)
    db.session.commit()
    with pytest.raises(NotAllowed):
        posts.undo_delete(author, post)
    assert post.state == PostState.DELETED


def test_a_post_not_deleted_has_nothing_to_undo(author, post):
    with pytest.raises(NotAllowed):
        posts.undo_delete(author, post)
