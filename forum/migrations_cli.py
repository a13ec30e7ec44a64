"""`forum db downgrade`, as Flask-Migrate's but refusing to reach the base (every table dropped) without --yes."""

from __future__ import annotations

import re

import click
import flask_migrate
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask.cli import with_appcontext

from .extensions import db

RELATIVE = re.compile(r"^(?P<start>[0-9a-f]*)-(?P<steps>\d+)$")  # "-2", or "ae10-1": steps below a revision


@click.command("downgrade")
@click.option("-d", "--directory", default=None, help="Migration script directory (default is \"migrations\").")
@click.option("--sql", is_flag=True, help="Don't emit SQL to database - dump to standard output instead.")
@click.option("--tag", default=None, help="Arbitrary \"tag\" name - can be used by custom env.py scripts.")
@click.option("-x", "--x-arg", multiple=True, help="Additional arguments consumed by custom env.py scripts.")
@click.option("--yes", is_flag=True, help="Confirm a downgrade to the base, which drops every table and all data.")
@click.argument("revision", default="-1")
@with_appcontext
def downgrade(directory: str | None, sql: bool, tag: str | None, x_arg: tuple[str, ...], revision: str,
              yes: bool) -> None:
    """Revert to a previous version; to the base (an empty database) only with --yes."""
    if not yes and reaches_base(revision, directory):
        raise click.ClickException(
            f"Downgrading to {revision!r} reaches the base: it drops every table and all of Agora's data. "
            "Back the database up, then run it again with --yes if that is what you mean."
        )
    flask_migrate.downgrade(directory, revision, sql, tag, list(x_arg) or None)


def reaches_base(revision: str, directory: str | None = None) -> bool:
    """Whether downgrading to ``revision`` leaves no migration applied."""
    if revision == "base" or ":base" in revision:
        return True
    relative = RELATIVE.match(revision)
    if relative is None:
        return False
    config = current_app.extensions["migrate"].migrate.get_config(directory)
    script = ScriptDirectory.from_config(config)
    if relative["start"]:
        starts = [script.get_revision(relative["start"]).revision]
    else:
        with db.engine.connect() as connection:
            starts = list(MigrationContext.configure(connection).get_current_heads())
    return any(_steps_to_base(script, start) <= int(relative["steps"]) for start in starts)


def _steps_to_base(script: ScriptDirectory, revision: str) -> int:
    """How many single-parent steps separate ``revision`` from the base (a merge counts by its first parent)."""
    steps = 0
    current: str | None = revision
    while current is not None:
        down = script.get_revision(current).down_revision
        current = down[0] if isinstance(down, tuple) else down
        steps += 1
    return steps
