"""Readers see why: the reason of a thread's lock and of an article's closed discussion.

Threads locked and articles closed before this take the reason of their latest
lock or close from the moderation log, so readers see it at once.

Plain ADD COLUMN (no batch rebuild): threads is a searched table whose full-text
triggers a SQLite table rebuild would lose.

Revision ID: b7d3e5f1a2c9
Revises: a41d7c2e9b15
Create Date: 2026-11-30 06:30:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d3e5f1a2c9'
down_revision = 'a41d7c2e9b15'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('threads', sa.Column('lock_reason', sa.Text(), nullable=True))
    op.add_column('articles', sa.Column('close_reason', sa.Text(), nullable=True))
    log = sa.table('moderation_actions', sa.column('id'), sa.column('action'), sa.column('target_type'),
                   sa.column('target_id'), sa.column('reason'))
    threads = sa.table('threads', sa.column('id'), sa.column('locked'), sa.column('lock_reason'))
    articles = sa.table('articles', sa.column('id'), sa.column('discussion_open'), sa.column('close_reason'))
    for table, flag, column, action, target_type in (
            (threads, threads.c.locked.is_(True), 'lock_reason', 'lock-thread', 'thread'),
            (articles, articles.c.discussion_open.is_(False), 'close_reason', 'close-article', 'article')):
        latest = (sa.select(sa.func.nullif(log.c.reason, ''))
                  .where(log.c.action == action, log.c.target_type == target_type, log.c.target_id == table.c.id)
                  .order_by(log.c.id.desc()).limit(1).scalar_subquery())
        op.execute(table.update().where(flag).values({column: latest}))


def downgrade():
    # SQLite 3.35+ drops a column in place, keeping the search triggers.
    op.drop_column('articles', 'close_reason')
    op.drop_column('threads', 'lock_reason')
