"""Backups and moving house: a consistent SQLite copy, and the whole forum as JSON Lines in and out.

The export is engine-neutral (JSON values, ISO times), so a forum moves from SQLite to
PostgreSQL by exporting from one and importing into the other after ``forum db upgrade``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import DateTime, Table, func, select, text

from ..database import writes
from ..errors import Conflict, Invalid
from ..extensions import db

FORMAT = "agora-export"
VERSION = 1
# Short-lived bookkeeping that means nothing in another database: unconfirmed sign-ups, answers kept
# for retries, rate-limit counts.
TRANSIENT_TABLES = frozenset({"pending_signups", "idempotent_requests", "rate_limit_counters"})
# Secrets travel only when asked for (--with-secrets): the members' password hashes and their API tokens.
SECRET_TABLES = frozenset({"api_tokens"})
SECRET_COLUMNS = {"users": frozenset({"password_hash"})}
# What an imported member without a hash gets: no password matches it, so they reset theirs.
NO_PASSWORD = "!"
BATCH = 1_000


def backup_sqlite(destination: Path) -> None:
    """Copy the live SQLite database to ``destination`` with SQLite's online backup API.

    The copy is consistent even while the server writes: SQLite restarts the copy of pages
    a writer changed. PostgreSQL has pg_dump for this (see the README).
    """
    if db.engine.dialect.name != "sqlite":
        raise Invalid("forum backup copies SQLite databases; for PostgreSQL use pg_dump (see the README).")
    if destination.exists():
        raise Conflict(f"{destination} exists already; choose a new file, so no backup is overwritten.")
    source = db.engine.raw_connection()
    target = sqlite3.connect(destination)
    try:
        source.driver_connection.backup(target)
    finally:
        target.close()
        source.close()


def export_rows(*, with_secrets: bool = False) -> Iterator[dict[str, Any]]:
    """The header, then one record per row of every table, parents before children, in one snapshot."""
    tables = _exported_tables(with_secrets)
    db.session.rollback()  # a transaction of its own, so every table is read from one snapshot
    yield {"format": FORMAT, "version": VERSION, "with_secrets": with_secrets,
           "tables": [table.name for table in tables]}
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
    for table in tables:
        hidden = set() if with_secrets else SECRET_COLUMNS.get(table.name, frozenset())
        # Generated columns (the posts' sort keys) are the database's to derive, not data to carry.
        columns = [column for column in table.columns if column.name not in hidden and column.computed is None]
        rows = connection.execute(select(*columns).order_by(*table.primary_key.columns))
        for row in rows:
            yield {"table": table.name, "row": {key: _to_json(value) for key, value in row._mapping.items()}}


def write_export(out: IO[str], *, with_secrets: bool = False) -> dict[str, int]:
    """Write the export as JSON Lines to ``out``; how many rows of each table."""
    counts: dict[str, int] = {}
    for record in export_rows(with_secrets=with_secrets):
        if "table" in record:
            counts[record["table"]] = counts.get(record["table"], 0) + 1
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    db.session.rollback()
    return counts


@writes
def import_rows(lines: IO[str]) -> dict[str, int]:
    """Load an export into this database, which must have the schema and no rows; one transaction."""
    header = _header(lines)
    known = {table.name: table for table in db.metadata.sorted_tables}
    unknown = [name for name in header["tables"] if name not in known]
    if unknown:
        raise Invalid(f"The export has tables this version of Agora does not know: {', '.join(unknown)}.")
    _require_empty(list(known.values()))
    counts: dict[str, int] = {}
    pending: dict[str, list[dict[str, Any]]] = {}
    later: list[tuple[Table, dict[str, Any]]] = []  # self-references, set once every row of the table is in
    for number, line in enumerate(lines, start=2):
        record = _record(line, number)
        if record is None:
            continue
        table = known.get(record.get("table"))
        if table is None or table.name not in header["tables"] or not isinstance(record.get("row"), dict):
            raise Invalid(f"Line {number} is not a row of a table the export's first line names.")
        row, deferred = _from_json(table, record["row"])
        if deferred:
            later.append((table, {"id": row["id"], **deferred}))
        pending.setdefault(table.name, []).append(row)
        counts[table.name] = counts.get(table.name, 0) + 1
        if len(pending[table.name]) >= BATCH:
            db.session.execute(table.insert(), pending.pop(table.name))
        _flush_finished(pending, known, header["tables"], table.name)
    for name, rows in pending.items():
        db.session.execute(known[name].insert(), rows)
    for table, values in later:
        db.session.execute(table.update().where(table.c.id == values.pop("id")).values(**values))
    _reset_sequences(known.values())
    db.session.commit()
    return counts


def _exported_tables(with_secrets: bool) -> list[Table]:
    return [table for table in db.metadata.sorted_tables
            if table.name not in TRANSIENT_TABLES and (with_secrets or table.name not in SECRET_TABLES)]


def _to_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _from_json(table: Table, row: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``row`` with typed values, and the columns pointing into its own table, held back."""
    values: dict[str, Any] = {}
    deferred: dict[str, Any] = {}
    for column in table.columns:
        if column.computed is not None:
            continue
        if column.name not in row:
            if table.name in SECRET_COLUMNS and column.name in SECRET_COLUMNS[table.name]:
                values[column.name] = NO_PASSWORD
            continue
        value = row[column.name]
        if value is not None and isinstance(getattr(column.type, "impl", column.type), DateTime):
            value = datetime.fromisoformat(value)
        if value is not None and any(fk.column.table is table for fk in column.foreign_keys):
            deferred[column.name] = value
            value = None
        values[column.name] = value
    return values, deferred


def _flush_finished(pending: dict[str, list], known: dict[str, Table], order: list[str], current: str) -> None:
    """Insert what earlier tables still hold once the export moved past them (children need their parents)."""
    for name in order[: order.index(current)]:
        if pending.get(name):
            db.session.execute(known[name].insert(), pending.pop(name))


def _header(lines: IO[str]) -> dict[str, Any]:
    header = _record(lines.readline(), 1)
    if not header or header.get("format") != FORMAT or not isinstance(header.get("tables"), list):
        raise Invalid("This is not an Agora export: its first line should name the format agora-export.")
    if header.get("version") != VERSION:
        raise Invalid(f"This export is version {header.get('version')}; this Agora reads version {VERSION}.")
    return header


def _record(line: str, number: int) -> dict[str, Any] | None:
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except ValueError:
        raise Invalid(f"Line {number} is not JSON.") from None
    if not isinstance(record, dict):
        raise Invalid(f"Line {number} is not a JSON object.")
    return record


def _require_empty(tables: list[Table]) -> None:
    for table in tables:
        if db.session.scalar(select(func.count()).select_from(table)):
            raise Conflict(f"The database already holds {table.name}; import into an empty one "
                           "(a new database after `forum db upgrade`).")


def _reset_sequences(tables) -> None:
    """PostgreSQL hands out ids from sequences that the imported ids did not move."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in tables:
        if "id" in table.c:
            # The table names come from the models' metadata, never from the file.
            db.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # nosec B608
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            ))
