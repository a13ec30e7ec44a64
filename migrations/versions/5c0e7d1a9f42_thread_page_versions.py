"""Thread page versions: a counter and a time that every change to what the page shows bumps

Revision ID: 5c0e7d1a9f42
Revises: 883e1afa8b24
Create Date: 2026-11-30 03:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5c0e7d1a9f42'
down_revision = '883e1afa8b24'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('threads', sa.Column('version', sa.Integer(), server_default='0', nullable=False))
    op.add_column('threads', sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    op.drop_column('threads', 'changed_at')
    op.drop_column('threads', 'version')
