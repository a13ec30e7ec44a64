"""Migrations never lose a row: SQLite rebuilds a table to alter it, and dropping the old one must not cascade.

Alembic's batch mode copies a table into a new one, drops the old and renames the new. With
foreign keys on, SQLite's DROP TABLE first deletes every row, and ON DELETE CASCADE then empties
the tables that point at it: the posts of rebuilt threads, the votes of rebuilt users.
"""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text

from forum import create_app
from forum.extensions import db
from forum.services import follows, votes
from tests.factories import Factory
from tests.unit.test_search_migration import forum_db

INITIAL = "234b94dd92f0"  # the first schema: every later table-rebuilding migration runs after it


def row_counts(uri: str) -> dict[str, int]:
    engine = create_engine(uri)
    with engine.connect() as connection:
        tables = [name for name in inspect(connection).get_table_names() if name != "alembic_version"]
        counts = {name: connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one() for name in tables}
    engine.dispose()
    return counts


def test_downgrading_to_the_first_schema_and_upgrading_again_keeps_every_row(tmp_path):
    uri = f"sqlite:///{tmp_path}/migrated.sqlite3"
    forum_db(uri, "upgrade")
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": uri})
    with app.app_context():
        make = Factory()
        thread = make.thread(make.article())
        reader, writer = make.user("reader"), make.user("writer")
        answer = make.post(thread, author=writer)
        make.post(thread, author=reader, parent=answer)
        votes.cast_vote(reader, answer, value=1)
        follows.follow_thread(reader, thread)
        db.session.remove()
        db.engine.dispose()
    before = row_counts(uri)
    assert before["posts"] == 2 and before["votes"] == 1 and before["follows"] >= 1

    forum_db(uri, "downgrade", INITIAL)
    kept = row_counts(uri)
    forum_db(uri, "upgrade")
    after = row_counts(uri)

    assert {name: before[name] for name in kept} == kept
    assert {name: after[name] for name in kept} == kept
