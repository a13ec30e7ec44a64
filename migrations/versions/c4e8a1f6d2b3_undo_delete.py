"""Undo a deletion: when its author deleted a post, and the state it had then.

Plain ADD COLUMN (no batch rebuild): posts is a searched table whose full-text
triggers a SQLite table rebuild would lose.

Revision ID: c4e8a1f6d2b3
Revises: b7d3e1f4a2c9
Create Date: 2026-11-30 07:25:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e8a1f6d2b3'
down_revision = 'b7d3e1f4a2c9'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('posts', sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('posts', sa.Column('deleted_from', sa.String(length=16), nullable=True))


def downgrade():
    # SQLite 3.35+ drops a column in place, keeping the search triggers.
    op.drop_column('posts', 'deleted_from')
    op.drop_column('posts', 'deleted_at')
