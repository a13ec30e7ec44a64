"""password reset links and sign-ups waiting for email verification

Revision ID: 5e3c1a9d7b24
Revises: 65c1eacba1aa
Create Date: 2026-11-30 03:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e3c1a9d7b24'
down_revision = '65c1eacba1aa'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('password_reset_digest', sa.String(length=64), nullable=True))

    op.create_table('pending_signups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_digest', sa.String(length=64), nullable=False),
    sa.Column('username', sa.String(length=30), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_signups')),
    sa.UniqueConstraint('token_digest', name=op.f('uq_pending_signups_token_digest'))
    )
    with op.batch_alter_table('pending_signups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_signups_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_pending_signups_created_at'), ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('pending_signups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_signups_created_at'))
        batch_op.drop_index(batch_op.f('ix_pending_signups_email'))

    op.drop_table('pending_signups')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('password_reset_digest')
