"""Contest mode and heat handling: per-thread switches, and log rows written by Agora itself.

Plain ADD COLUMN (no batch rebuild): threads is a searched table whose full-text
triggers a SQLite table rebuild would lose.

Revision ID: a7c3e9f1d2b5
Revises: c7e2b9d4a613
Create Date: 2026-11-30 06:00:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e9f1d2b5'
down_revision = 'c7e2b9d4a613'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('threads', sa.Column('contest_mode', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('threads', sa.Column('heat_until', sa.DateTime(timezone=True), nullable=True))
    op.add_column('threads', sa.Column('heat_reason', sa.String(length=100), nullable=True))
    op.add_column('threads', sa.Column('heat_approval', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_index('ix_threads_heat_until', 'threads', ['heat_until'])
    op.add_column('moderation_actions',
                  sa.Column('automatic', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    # SQLite 3.35+ drops a column in place, keeping the search triggers.
    op.drop_column('moderation_actions', 'automatic')
    op.drop_index('ix_threads_heat_until', table_name='threads')
    op.drop_column('threads', 'heat_approval')
    op.drop_column('threads', 'heat_reason')
    op.drop_column('threads', 'heat_until')
    op.drop_column('threads', 'contest_mode')
