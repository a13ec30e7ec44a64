"""Profiles: a display name and a short bio (its Markdown and the sanitized HTML rendered on save).

Revision ID: a41d7c2e9b15
Revises: 8f2a4c6e1b37
Create Date: 2026-11-30 06:00:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a41d7c2e9b15'
down_revision = '8f2a4c6e1b37'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('users', sa.Column('display_name', sa.String(length=50), nullable=True))
    op.add_column('users', sa.Column('bio', sa.Text(), nullable=False, server_default=''))
    op.add_column('users', sa.Column('bio_html', sa.Text(), nullable=False, server_default=''))


def downgrade():
    op.drop_column('users', 'bio_html')
    op.drop_column('users', 'bio')
    op.drop_column('users', 'display_name')
