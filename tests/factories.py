"""Plain factory functions for test data, written through the services where one exists."""

from __future__ import annotations

import itertools
from datetime import timedelta

from forum.extensions import db
from forum.models import Article, Post, Role, Thread, User, utcnow
from forum.services import articles, auth, posts

_counter = itertools.count(1)


class Factory:
    # The one password tests use; it follows the rule in forum/services/passwords.py.
    PASSWORD = "quiet-harbour-lantern-42"
    # For tests that change a password: derived from the one above, so just as good.
    NEW_PASSWORD = f"{PASSWORD} renewed"

    def user(self, username: str | None = None, *, role: str = "member",
             suspended_days: int = 0, reason: str = "Testing") -> User:
        username = username or f"user{next(_counter)}"
        user = auth.register(
            username=username, email=f"{username.lower()}@example.org", password=self.PASSWORD, role=role
        )
        if suspended_days:
            user.suspended_until = utcnow() + timedelta(days=suspended_days)
            user.suspension_reason = reason
            db.session.commit()
        return user

    def article(self, title: str = "A thoughtful article", *, questions: list[str] | None = None,
                body: str = "Some **body** text.", author: User | None = None,
                source_url: str | None = "https://example.org/story") -> Article:
        author = author or self._moderator()
        questions = ["What do you think?", "Would you do the same?"] if questions is None else questions
        draft = articles.check_draft(title=title, body=body, source_url=source_url, questions=questions)
        return articles.publish_article(author, draft, confirmed=True)

    def thread(self, article: Article | None = None, **changes) -> Thread:
        """The first question thread of ``article`` (a new one by default), with ``changes`` applied."""
        article = article or self.article()
        thread = db.session.query(Thread).filter_by(article_id=article.id).order_by(Thread.id).first()
        for name, value in changes.items():
            setattr(thread, name, value)
        db.session.commit()
        return thread

    def member_thread(self, article: Article | None = None, *, author: User | None = None,
                      title: str = "What about buses?", body: str = "Nobody mentioned them.") -> Thread:
        """A thread ``author`` (a new member by default) started under ``article``, its opening post ``body``."""
        from forum.services import threads

        return threads.start_thread(author or self.user(), article or self.article(), title=title, body=body)

    def _moderator(self) -> User:
        found = db.session.query(User).filter(User.role != Role.MEMBER).first()
        return found or self.user(role="moderator")

    def post(self, thread: Thread, *, author: User | None = None, parent: Post | None = None,
             body: str | None = None) -> Post:
        """A visible post in ``thread`` (a reply when ``parent`` is given), written through the service."""
        author = author or self.user()
        body = body or f"Post number {next(_counter)}."
        return posts.create_post(author, thread, body=body, parent=parent)

    def report(self, post: Post, *, reporter: User | None = None, reason: str = "spam", details: str = ""):
        """An open report of ``post``, filed through the service by ``reporter`` (a new member by default)."""
        from forum.services import reports

        return reports.file_report(reporter or self.user(), post, reason=reason, details=details)
