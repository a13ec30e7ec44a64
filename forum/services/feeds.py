"""What the Atom feeds carry: the newest articles and posts a visitor may read, in one query each.

Feed readers send no cookies, and a feed address is shared like a page's, so a feed always
shows what a visitor sees, whoever asks (``forum.services.visibility`` with no viewer).
"""

from __future__ import annotations

from flask_login import AnonymousUserMixin
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from ..errors import NotFound
from ..extensions import db
from ..models import Article, Post, Thread, User
from .visibility import articles_shown, readable_posts, threads_shown

VISITOR = AnonymousUserMixin()


def latest_articles(limit: int) -> list[Article]:
    """The newest articles a visitor may read."""
    return list(db.session.scalars(
        select(Article).where(articles_shown(VISITOR)).options(joinedload(Article.created_by))
        .order_by(Article.created_at.desc(), Article.id.desc()).limit(limit)
    ))


def feed_article(slug: str) -> Article:
    """The article at ``slug`` if a visitor may read it."""
    article = db.session.scalar(select(Article).where(Article.slug == slug, articles_shown(VISITOR)))
    if article is None:
        raise NotFound("There is no article at this address.")
    return article


def feed_thread(thread_id: int) -> Thread:
    """The thread if a visitor may read it: not hidden, in an article a visitor may read."""
    thread = db.session.scalar(
        select(Thread).join(Article, Article.id == Thread.article_id)
        .where(Thread.id == thread_id, threads_shown(VISITOR), articles_shown(VISITOR))
        .options(joinedload(Thread.article))
    )
    if thread is None:
        raise NotFound("There is no thread at this address.")
    return thread


def feed_member(username: str) -> User:
    member = db.session.scalar(select(User).where(User.username_key == username.strip().lower(),
                                                  User.deleted_at.is_(None)))
    if member is None:
        raise NotFound("There is no member by that name.")
    return member


def article_answers(article: Article, limit: int) -> list[Post]:
    """The newest answers (top-level posts) in ``article``'s threads."""
    return _posts(Thread.article_id == article.id, Post.parent_id.is_(None), limit=limit)


def thread_posts(thread: Thread, limit: int) -> list[Post]:
    """The newest posts of ``thread``, answers and replies."""
    return _posts(Post.thread_id == thread.id, limit=limit)


def member_posts(member: User, limit: int) -> list[Post]:
    """``member``'s newest posts that a visitor may read."""
    return _posts(Post.author_id == member.id, limit=limit)


def _posts(*conditions, limit: int) -> list[Post]:
    return list(db.session.scalars(_readable().where(*conditions).limit(limit)))


def _readable() -> Select:
    return (
        select(Post).join(Thread, Thread.id == Post.thread_id).join(Article, Article.id == Thread.article_id)
        .where(*readable_posts(VISITOR))
        .options(joinedload(Post.author), joinedload(Post.thread).joinedload(Thread.article))
        .order_by(Post.created_at.desc(), Post.id.desc())
    )
