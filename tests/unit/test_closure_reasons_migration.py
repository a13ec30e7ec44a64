"""Threads locked and articles closed before readers were told why take the reason from the moderation log."""

from __future__ import annotations

from forum import create_app
from forum.extensions import db
from forum.models import Article, Thread
from forum.services import articles, moderation
from tests.factories import Factory
from tests.unit.test_search_migration import forum_db

BEFORE = "a41d7c2e9b15"  # the revision before the reason columns


def test_upgrading_fills_the_reasons_of_locked_threads_and_closed_articles_from_the_log(tmp_path):
    uri = f"sqlite:///{tmp_path}/migrated.sqlite3"
    forum_db(uri, "upgrade")
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": uri})
    with app.app_context():
        make = Factory()
        moderator = make.user("moderator", role="moderator")
        locked, silent = make.thread(), make.thread()
        moderation.lock_thread(moderator, locked, reason="First lock")
        moderation.unlock_thread(moderator, locked)
        moderation.lock_thread(moderator, locked, reason="Cooling off")
        moderation.lock_thread(moderator, silent)
        articles.set_discussion_open(moderator, locked.article, is_open=False, reason="Retracted")
        ids = locked.id, silent.id, locked.article_id, silent.article_id
        db.session.remove()
        db.engine.dispose()

    forum_db(uri, "downgrade", BEFORE)
    forum_db(uri, "upgrade")
    with app.app_context():
        assert db.session.get(Thread, ids[0]).lock_reason == "Cooling off"
        assert db.session.get(Thread, ids[1]).lock_reason is None
        assert db.session.get(Article, ids[2]).close_reason == "Retracted"
        assert db.session.get(Article, ids[3]).close_reason is None
        db.session.remove()
        db.engine.dispose()
