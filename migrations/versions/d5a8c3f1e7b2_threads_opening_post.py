"""threads.opening_post_id: a member-started thread's opening post, shown with its question

Filled for the member-started threads there are: the first top-level post their author wrote
in them, which start_thread made in the same commit as the thread.

Revision ID: d5a8c3f1e7b2
Revises: a7c3e9f1d2b5
Create Date: 2026-11-30 09:40:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd5a8c3f1e7b2'
down_revision = 'a7c3e9f1d2b5'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN, no foreign key (see models/thread.py): on SQLite a batch rebuild's DROP TABLE
    # would cascade to every post.
    op.add_column('threads', sa.Column('opening_post_id', sa.Integer(), nullable=True))
    op.execute(
        "UPDATE threads SET opening_post_id = ("
        " SELECT min(posts.id) FROM posts WHERE posts.thread_id = threads.id"
        " AND posts.parent_id IS NULL AND posts.author_id = threads.author_id)"
        " WHERE question_id IS NULL AND merged_into_id IS NULL AND author_id IS NOT NULL"
    )


def downgrade():
    # SQLite 3.35+ drops a column in place.
    op.drop_column('threads', 'opening_post_id')
