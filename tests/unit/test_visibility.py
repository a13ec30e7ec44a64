"""The SQL visibility conditions answer as the permission predicates do, for every state and viewer."""

from __future__ import annotations

import itertools

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from forum.extensions import db
from forum.models import Article, ArticleStatus, Post, PostState, Thread, utcnow
from forum.permissions import can_see_article, can_see_post_body, can_see_thread
from forum.services.visibility import readable_posts


@pytest.fixture
def every_state(make):
    """A post in each state, in a shown and a hidden thread, of a published, a draft and a deleted article."""
    author = make.user("writer")
    for status, hidden, deleted in itertools.product(ArticleStatus, (False, True), (False, True)):
        article = make.article(f"{status} {hidden} {deleted}", questions=["Q?"])
        article.status = status
        article.deleted_at = utcnow() if deleted else None
        thread = make.thread(article, hidden=hidden)
        for state in PostState:
            db.session.add(Post(thread_id=thread.id, author_id=author.id, body=state, body_html=state, state=state))
    db.session.commit()
    return author


def readable_by_rule(viewer) -> set[int]:
    rows = db.session.scalars(select(Post).join(Thread).join(Article))
    return {post.id for post in rows
            if can_see_post_body(viewer, post) and can_see_thread(viewer, post.thread)
            and can_see_article(viewer, post.thread.article)}


@pytest.mark.parametrize("who", ["visitor", "author", "member", "moderator"])
def test_readable_posts_match_the_permission_predicates(make, every_state, who):
    viewer = {"visitor": AnonymousUserMixin(), "author": every_state, "member": make.user("reader"),
              "moderator": make.user("mod", role="moderator")}[who]
    in_sql = set(db.session.scalars(select(Post.id).join(Thread).join(Article).where(*readable_posts(viewer))))
    assert in_sql == readable_by_rule(viewer)
    assert in_sql  # every viewer reads something, so the comparison says something
