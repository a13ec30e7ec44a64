"""full-text search indexes: FTS5 tables and triggers on SQLite, tsvector GIN indexes on PostgreSQL

Revision ID: 57168365c23f
Revises: 39117dd14c01
Create Date: 2026-11-30 02:50:00

"""
from alembic import op

from forum.fts import create_search_index, drop_search_index

# revision identifiers, used by Alembic.
revision = '57168365c23f'
down_revision = '39117dd14c01'
branch_labels = None
depends_on = None


def upgrade():
    create_search_index(op.get_bind())


def downgrade():
    drop_search_index(op.get_bind())
