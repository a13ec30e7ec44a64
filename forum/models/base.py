"""Column helpers shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import import_module

from sqlalchemy import ColumnElement, DateTime, Index, TypeDecorator

# Partial indexes and their conditions, for PostgreSQL's option (see ``partial_index``).
_PARTIAL_INDEXES: list[tuple[Index, ColumnElement[bool]]] = []


def partial_index(name: str, *columns, where: ColumnElement[bool], **options) -> Index:
    """An index of the rows where ``where`` holds.

    SQLite's option is given here; PostgreSQL's when an application first uses PostgreSQL
    (``use_postgresql_options``): naming a dialect's option loads SQLAlchemy's dialect, and
    PostgreSQL's is 19 modules that a server on SQLite never needs.
    """
    index = Index(name, *columns, sqlite_where=where, **options)
    _PARTIAL_INDEXES.append((index, where))
    return index


def use_postgresql_options() -> None:
    """Give every partial index PostgreSQL's condition too, before anything creates or compares them there."""
    for index, where in _PARTIAL_INDEXES:
        index.dialect_kwargs["postgresql_where"] = where


def dialect_insert(dialect_name: str):
    """The INSERT with ON CONFLICT of ``dialect_name`` ("sqlite" or "postgresql"), its dialect imported on
    first use: a server on SQLite never loads PostgreSQL's."""
    return import_module(f"sqlalchemy.dialects.{dialect_name}").insert


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every engine (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("Naive datetime; use forum.models.base.utcnow().")
        return value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value
