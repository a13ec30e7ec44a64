"""Featured answers: the time a moderator picked an answer for its question's best answers.

Plain ADD COLUMN (no batch rebuild): posts is a searched table whose full-text
triggers a SQLite table rebuild would lose.

Revision ID: 3b7d9e2f5a61
Revises: b7d3e5f1a2c9
Create Date: 2026-11-30 06:00:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3b7d9e2f5a61'
down_revision = 'b7d3e5f1a2c9'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('posts', sa.Column('featured_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    # SQLite 3.35+ drops a column in place, keeping the search triggers.
    op.drop_column('posts', 'featured_at')
