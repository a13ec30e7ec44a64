"""Answer first: a per-thread switch, and the per-article default for its threads.

Plain ADD COLUMN (no batch rebuild): threads is a searched table whose full-text
triggers a SQLite table rebuild would lose.

Revision ID: 8f2a4c6e1b37
Revises: 5c0e7d1a9f42
Create Date: 2026-11-30 04:20:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8f2a4c6e1b37'
down_revision = '5c0e7d1a9f42'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('threads', sa.Column('answer_first', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('articles', sa.Column('answer_first', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    # SQLite 3.35+ drops a column in place, keeping the search triggers.
    op.drop_column('articles', 'answer_first')
    op.drop_column('threads', 'answer_first')
