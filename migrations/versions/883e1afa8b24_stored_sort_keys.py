"""Stored, indexed sort keys for a thread's top-level posts: one partial index per sort

The keys are generated columns, so the UPDATE that counts a vote also
changes them (VIRTUAL on SQLite, which can add no STORED column to a table
and stores the value in the index; STORED on PostgreSQL). The expressions
are models/sort_keys.py's as of this revision.

Revision ID: 883e1afa8b24
Revises: 57168365c23f
Create Date: 2026-11-30 02:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '883e1afa8b24'
down_revision = '57168365c23f'
branch_labels = None
depends_on = None

WILSON_SQL = (
    'CASE WHEN upvotes + downvotes = 0 THEN 0.0 ELSE (((CAST(upvotes AS DOUBLE PRECISION) / CAST(upvotes + downvotes AS DOUBLE PRECISION)) + 1.6423744151508406 / (2 * CAST(upvotes + downvotes AS DOUBLE PRECISION))) - 1.281551565545 * sqrt(((CAST(upvotes AS DOUBLE PRECISION) / CAST(upvotes + downvotes AS DOUBLE PRECISION)) * (1 - (CAST(upvotes AS DOUBLE PRECISION) / CAST(upvotes + downvotes AS DOUBLE PRECISION))) + 1.6423744151508406 / (4 * CAST(upvotes + downvotes AS DOUBLE PRECISION))) / CAST(upvotes + downvotes AS DOUBLE PRECISION))) / (1 + 1.6423744151508406 / CAST(upvotes + downvotes AS DOUBLE PRECISION)) END'
)
CONTROVERSY_SQL = (
    'CASE WHEN upvotes <= 0 OR downvotes <= 0 THEN 0.0 WHEN upvotes < downvotes THEN power(CAST(upvotes + downvotes AS DOUBLE PRECISION), CAST(upvotes AS DOUBLE PRECISION) / CAST(downvotes AS DOUBLE PRECISION)) ELSE power(CAST(upvotes + downvotes AS DOUBLE PRECISION), CAST(downvotes AS DOUBLE PRECISION) / CAST(upvotes AS DOUBLE PRECISION)) END'
)

# A thread's top-level posts only, one index per sort.
INDEXES = {
    'ix_posts_top_level_best': ['best_key DESC', 'id'],
    'ix_posts_top_level_top': ['score DESC', 'id'],
    'ix_posts_top_level_created': ['created_at', 'id'],
    'ix_posts_top_level_controversy': ['controversy_key DESC', 'id'],
}


def upgrade():
    stored = op.get_bind().dialect.name != 'sqlite'
    op.add_column('posts', sa.Column('best_key', sa.Double(), sa.Computed(WILSON_SQL, persisted=stored)))
    op.add_column('posts', sa.Column('controversy_key', sa.Double(), sa.Computed(CONTROVERSY_SQL, persisted=stored)))
    # The state joins the replies' index, so counting top-level posts by state reads no rows.
    op.drop_index('ix_posts_thread_parent', table_name='posts')
    op.create_index('ix_posts_thread_parent_state', 'posts', ['thread_id', 'parent_id', 'state'])
    top_level = sa.text('parent_id IS NULL')
    for name, columns in INDEXES.items():
        op.create_index(name, 'posts', ['thread_id', *map(sa.text, columns)],
                        sqlite_where=top_level, postgresql_where=top_level)


def downgrade():
    for name in INDEXES:
        op.drop_index(name, table_name='posts')
    op.drop_index('ix_posts_thread_parent_state', table_name='posts')
    op.create_index('ix_posts_thread_parent', 'posts', ['thread_id', 'parent_id'])
    op.drop_column('posts', 'controversy_key')
    op.drop_column('posts', 'best_key')
