"""Member-started threads made before opening posts were marked get theirs marked by the migration."""

from __future__ import annotations

from forum import create_app
from forum.extensions import db
from forum.models import Thread
from tests.factories import Factory
from tests.unit.test_search_migration import forum_db

BEFORE = "a7c3e9f1d2b5"  # the revision before threads.opening_post_id


def test_upgrading_marks_the_first_post_the_author_wrote_in_their_own_thread(tmp_path):
    uri = f"sqlite:///{tmp_path}/migrated.sqlite3"
    forum_db(uri, "upgrade")
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": uri})
    with app.app_context():
        make = Factory()
        asker = make.user("asker")
        article = make.article()
        own, question = make.member_thread(article, author=asker), make.thread(article)
        make.post(own)
        make.post(own, author=asker, body="Later, by the asker too.")
        make.post(question, author=asker)
        ids, opening = (own.id, question.id), own.opening_post_id
        db.session.remove()
        db.engine.dispose()

    forum_db(uri, "downgrade", BEFORE)
    forum_db(uri, "upgrade")
    with app.app_context():
        assert db.session.get(Thread, ids[0]).opening_post_id == opening
        assert db.session.get(Thread, ids[1]).opening_post_id is None
        db.session.remove()
        db.engine.dispose()
