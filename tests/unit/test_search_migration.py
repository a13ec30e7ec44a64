"""The migrations build the search index the tests build, and the database keeps it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from forum import create_app
from forum.extensions import db
from forum.services import search
from tests.factories import Factory


def forum_db(database_uri: str, *args: str) -> None:
    """``forum db ARGS`` in its own process, as an operator runs it (Alembic reconfigures logging)."""
    env = {**os.environ, "FORUM_CONFIG": "development", "FORUM_SQLALCHEMY_DATABASE_URI": database_uri}
    forum = Path(sys.executable).parent / "forum"
    subprocess.run([str(forum), "db", *args], env=env, check=True, capture_output=True)


def test_the_migration_creates_an_index_that_follows_edits_and_deletes(tmp_path):
    uri = f"sqlite:///{tmp_path}/migrated.sqlite3"
    forum_db(uri, "upgrade")
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": uri})
    with app.app_context():
        make = Factory()
        article = make.article("Migrated", questions=["Does the index follow?"], body="Gravel paths.")
        assert [hit.kind for hit in search.search(None, "gravel").hits] == ["article"]
        assert [hit.kind for hit in search.search(None, "index").hits] == ["thread"]
        article.body = "Paved paths."
        db.session.commit()
        assert search.search(None, "gravel").hits == []
        assert [hit.kind for hit in search.search(None, "paved").hits] == ["article"]
        post = make.post(make.thread(article), body="Cobbled paths.")
        assert [hit.kind for hit in search.search(None, "cobbled").hits] == ["post"]
        db.session.delete(post)
        db.session.commit()
        assert search.search(None, "cobbled").hits == []
        db.session.remove()
        db.engine.dispose()
    forum_db(uri, "downgrade", "39117dd14c01")  # the revision before the search indexes
    with app.app_context():
        assert db.session.scalars(text("SELECT name FROM sqlite_master WHERE name LIKE '%fts%'")).all() == []
        db.session.remove()
        db.engine.dispose()
