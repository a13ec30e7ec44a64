"""Deleted articles: an admin's soft delete, undone by restoring.

Plain ADD COLUMN (no batch rebuild): articles is a searched table whose full-text
triggers a SQLite table rebuild would lose.

Revision ID: b7d3e1f4a2c9
Revises: 3b7d9e2f5a61
Create Date: 2026-11-30 06:10:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d3e1f4a2c9'
down_revision = '3b7d9e2f5a61'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('articles', sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index(op.f('ix_articles_deleted_at'), 'articles', ['deleted_at'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_articles_deleted_at'), table_name='articles')
    # SQLite 3.35+ drops a column in place, keeping the search triggers.
    op.drop_column('articles', 'deleted_at')
