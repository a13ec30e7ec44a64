"""The `forum` command: a Flask CLI group with Agora's own commands."""

from __future__ import annotations

import secrets

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import func, select

from .errors import ForumError
from .extensions import db
from .models import Role, User
from .services import accounts


def _create_app() -> Flask:
    from . import create_app

    return create_app()


main = FlaskGroup(create_app=_create_app, help="Agora's command line: serve, migrate, import, administer.")


def register_commands(app: Flask) -> None:
    for command in (create_admin, set_role, bootstrap):
        app.cli.add_command(command)


@click.command("create-admin")
@click.argument("username")
@click.option("--email", prompt=True, help="The admin's email address.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="At least 8 characters; prompted for when left out.")
@with_appcontext
def create_admin(username: str, email: str, password: str) -> None:
    """Create an admin account."""
    try:
        user = accounts.register(username=username, email=email, password=password, role=Role.ADMIN)
    except ForumError as error:
        raise click.ClickException(f"{error.field or 'error'}: {error.message}") from None
    click.echo(f"Created admin {user.username}.")


@click.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice([role.value for role in Role]))
@with_appcontext
def set_role(username: str, role: str) -> None:
    """Make USERNAME a member, moderator or admin."""
    user = accounts.find_user(username)
    if user is None:
        raise click.ClickException(f"No account named {username!r}.")
    accounts.set_role(user, role)
    click.echo(f"{user.username} is now {role}.")


@click.command("bootstrap")
@with_appcontext
def bootstrap() -> None:
    """On a new database: create the first admin (printing its password once)."""
    if db.session.scalar(select(func.count(User.id))):
        return
    password = secrets.token_urlsafe(12)
    accounts.register(username="admin", email="admin@example.org", password=password, role=Role.ADMIN)
    click.echo(
        "\n  First admin created. Log in at /login as  admin  with password  "
        f"{password}\n  (shown only this once; change it under Settings).\n"
    )
