"""What /healthz reports: each thing Agora needs to answer, checked now."""

from __future__ import annotations

import shutil
from pathlib import Path

from flask import current_app
from sqlalchemy import text

from ..database import UNAVAILABLE_ERRORS, rollback_quietly
from ..extensions import db
from . import throttle


# Agora cannot answer without these; Redis down only degrades it (rate limits fall back to the database).
ESSENTIAL = ("database", "disk")


def check_health() -> dict[str, str]:
    """``{"database": "ok" | "unreachable", "disk": "ok" | "full"}``, and ``"redis"`` when it is configured."""
    checks = {"database": _database(), "disk": _disk()}
    redis = throttle.storage_health()
    if redis is not None:
        checks["redis"] = redis
    return checks


def _database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except UNAVAILABLE_ERRORS:
        rollback_quietly()
        return "unreachable"
    return "ok"


def _disk() -> str:
    """Full when the disk holding the data (the SQLite file, else the instance folder) is nearly out of space.

    SQLite needs room to grow its file and its write-ahead log; logs and
    uploads need it too. DISK_MIN_FREE_MB = 0 switches the check off.
    """
    minimum = int(current_app.config["DISK_MIN_FREE_MB"]) * 2**20
    if not minimum:
        return "ok"
    return "full" if shutil.disk_usage(_data_dir()).free < minimum else "ok"


def _data_dir() -> Path:
    url = db.engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        folder = Path(url.database).parent
    else:
        folder = Path(current_app.instance_path)  # a PostgreSQL deployment may never make it
    while not folder.exists():  # a folder not made yet lives on its nearest existing ancestor's disk
        folder = folder.parent
    return folder
