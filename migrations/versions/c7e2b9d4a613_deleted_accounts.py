"""Deleted accounts: when a member deleted theirs (the emptied row keeps its id and username).

Revision ID: c7e2b9d4a613
Revises: c4e8a1f6d2b3
Create Date: 2026-11-30 06:50:00
"""
from alembic import op
import sqlalchemy as sa

from forum.models.base import UTCDateTime


# revision identifiers, used by Alembic.
revision = 'c7e2b9d4a613'
down_revision = 'c4e8a1f6d2b3'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('users', sa.Column('deleted_at', UTCDateTime(), nullable=True))


def downgrade():
    op.drop_column('users', 'deleted_at')
