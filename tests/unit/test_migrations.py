"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from forum.extensions import db
from forum.fts import is_model_object

FORUM = Path(sys.executable).with_name("forum")


def test_upgrading_to_head_gives_the_models_schema(tmp_path):
    uri = f"sqlite:///{tmp_path}/migrated.sqlite3"
    # In a process of its own, as `make run` does it: Alembic's env.py reconfigures logging.
    environment = {**os.environ, "FORUM_CONFIG": "development", "FORUM_SQLALCHEMY_DATABASE_URI": uri,
                   "FORUM_SECRET_KEY": "migration-test-key-not-used-for-anything"}
    result = subprocess.run([str(FORUM), "db", "upgrade"], env=environment, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    engine = create_engine(uri)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": is_model_object})
        differences = compare_metadata(context, db.metadata)
    engine.dispose()
    assert differences == []
