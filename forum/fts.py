"""The full-text indexes each engine keeps for search, defined once for the migration and the tests.

SQLite: one external-content FTS5 table per searched table, kept in step by triggers.
PostgreSQL: a stored generated ``tsvector`` column per searched table, with a GIN index. Stored,
so ranking reads the vector instead of parsing each matching text again (that took seconds
for a common word over 100,000 posts).
Either way the database maintains the index as rows are written; no application code does.
No model maps these objects: the ORM never writes them, and create_all leaves them to this module.
A later migration that rebuilds one of these tables on SQLite (``batch_alter_table`` copies it
and drops the old one) drops its triggers with it: end such a migration with
``create_search_index(op.get_bind())``.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

# table -> the columns searched, in the order FTS5 and the tsvector read them
SEARCHED = {"articles": ("title", "body"), "threads": ("title",), "posts": ("body",)}
# Stemming as PostgreSQL's 'english' does it, and accents folded as people type without them.
SQLITE_TOKENIZER = "porter unicode61 remove_diacritics 2"
POSTGRES_CONFIG = "english"


def fts_table(table: str) -> str:
    return f"{table}_fts"


VECTOR_COLUMN = "search_vector"


def tsvector(table: str) -> str:
    """The PostgreSQL column holding ``table``'s words, as the search query names it."""
    return f"{table}.{VECTOR_COLUMN}"


def is_model_object(name: str | None, type_: str, _parent_names: dict) -> bool:
    """Alembic's ``include_name`` hook: False for the search objects, which no model describes."""
    if type_ == "table":
        return not (name or "").endswith(tuple(f"_fts{part}" for part in ("", "_data", "_idx", "_docsize", "_config")))
    if type_ == "index":
        return not (name or "").endswith("_search")
    if type_ == "column":
        return name != VECTOR_COLUMN
    return True


def create_search_index(connection: Connection) -> None:
    """Create the search objects if missing and index the rows already there."""
    if connection.dialect.name == "postgresql":
        for table, columns in SEARCHED.items():
            words = " || ' ' || ".join(columns)
            connection.exec_driver_sql(
                f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {VECTOR_COLUMN} tsvector "
                f"GENERATED ALWAYS AS (to_tsvector('{POSTGRES_CONFIG}'::regconfig, {words})) STORED"
            )
            connection.exec_driver_sql(
                f"CREATE INDEX IF NOT EXISTS ix_{table}_search ON {table} USING gin ({VECTOR_COLUMN})"
            )
        return
    for table, columns in SEARCHED.items():
        for statement in _sqlite_statements(table, columns):
            connection.exec_driver_sql(statement)


def drop_search_index(connection: Connection) -> None:
    for table in SEARCHED:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"DROP INDEX IF EXISTS ix_{table}_search")
            connection.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {VECTOR_COLUMN}")
            continue
        for event in ("insert", "delete", "update"):
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {fts_table(table)}_{event}")
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {fts_table(table)}")


def _sqlite_statements(table: str, columns: tuple[str, ...]) -> list[str]:
    # Every name here is one of this module's constants, never input: hence the nosec marks.
    fts = fts_table(table)
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    add = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"  # nosec B608
    remove = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"  # nosec B608
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({names}, content='{table}', "
        f"content_rowid='id', tokenize='{SQLITE_TOKENIZER}')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN {remove} END",
        # Only a change of the searched text touches the index: votes and counters update posts often.
        f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF {names} ON {table} BEGIN {remove} {add} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",  # nosec B608
    ]
