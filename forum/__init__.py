"""Agora: a discussion forum that opens one thread per reflection question of an article."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(config_name: str | None = None, overrides: dict[str, Any] | None = None, *,
               instance_path: str | None = None) -> Flask:
    """Build the application for ``config_name`` (default: $FORUM_CONFIG or development).

    ``instance_path`` (absolute) replaces Flask's instance folder, where the
    SQLite file and the development secret key live.

    The factory is in ``forum/factory.py``, loaded here: importing any module
    of the package runs this one first, and ``forum.gunicorn_conf`` switches
    Python's collector off before the application loads.
    """
    from .factory import build_app

    return build_app(config_name, overrides, instance_path)
