"""The `forum` command: a Flask CLI group with Agora's own commands."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_login import AnonymousUserMixin
from sqlalchemy import func, select

from .errors import ForumError
from .extensions import db
from .demo import DEMO_ARTICLES
from .migrations_cli import downgrade as guarded_downgrade
from .models import Article, Role, User
from .services import articles, auth, digest_export, heat, imports, password_resets, transfer, users
from .services.mail import absolute_url


def _create_app() -> Flask:
    from . import create_app

    return create_app()


main = FlaskGroup(create_app=_create_app, help="Agora's command line: serve, migrate, import, administer.")


def register_commands(app: Flask, *, migrations: str) -> None:
    """Agora's commands and Flask-Migrate's ``db`` group (its scripts in ``migrations``) on ``app.cli``."""
    from flask_migrate import Migrate

    Migrate(app, db, directory=migrations)
    for command in (create_admin, set_role, reset_password, rename, bootstrap, import_article, demo, print_digest,
                    backup, export_data, import_data, tick):
        app.cli.add_command(command)
    app.cli.commands["db"].add_command(guarded_downgrade)  # in place of Flask-Migrate's unguarded one


@click.command("tick")
@with_appcontext
def tick() -> None:
    """Write what time alone changed: the end of each automatic slow mode that ran out (run each minute)."""
    ended = heat.end_expired()
    click.echo(f"Ended automatic slow mode in {ended} thread{'' if ended == 1 else 's'}.")


@click.command("create-admin")
@click.argument("username")
@click.option("--email", prompt=True, help="The admin's email address.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="12 to 200 characters, not a common one; prompted for when left out.")
@with_appcontext
def create_admin(username: str, email: str, password: str) -> None:
    """Create an admin account."""
    try:
        user = auth.register(username=username, email=email, password=password, role=Role.ADMIN)
    except ForumError as error:
        raise click.ClickException(f"{error.field or 'error'}: {error.message}") from None
    click.echo(f"Created admin {user.username}.")


@click.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice([role.value for role in Role]))
@with_appcontext
def set_role(username: str, role: str) -> None:
    """Make USERNAME a member, moderator or admin."""
    user = users.find_user(username)
    if user is None:
        raise click.ClickException(f"No account named {username!r}.")
    users.set_role(user, role)
    click.echo(f"{user.username} is now {role}.")


@click.command("reset-password")
@click.argument("username")
@with_appcontext
def reset_password(username: str) -> None:
    """Print a one-time link (valid an hour) where USERNAME chooses a new password."""
    user = users.find_user(username)
    if user is None:
        raise click.ClickException(f"No account named {username!r}.")
    link = absolute_url(password_resets.create_link(user))
    click.echo(f"Send this link to {user.username}; it works once, for an hour, and earlier links stop working:")
    click.echo(link if link.startswith("http") else f"{link}  (on this site; set FORUM_SITE_URL for a full address)")


@click.command("rename")
@click.argument("username")
@click.argument("new_username")
@with_appcontext
def rename(username: str, new_username: str) -> None:
    """Rename the account USERNAME to NEW_USERNAME; its posts show the new name."""
    user = users.find_user(username)
    if user is None:
        raise click.ClickException(f"No account named {username!r}.")
    try:
        auth.rename(user, new_username)
    except ForumError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"{username} is now {user.username}.")


@click.command("bootstrap")
@with_appcontext
def bootstrap() -> None:
    """On a new database: create the first admin (printing its password once) and the demo."""
    if db.session.scalar(select(func.count(User.id))):
        return
    password = secrets.token_urlsafe(18)  # 24 random characters: far past the password rule
    auth.register(username="admin", email="admin@example.org", password=password, role=Role.ADMIN)
    click.echo(
        "\n  First admin created. Log in at /login as  admin  with password  "
        f"{password}\n  (shown only this once; change it under Settings).\n"
    )
    if not db.session.scalar(select(func.count(Article.id))):
        _load_demo(users.find_user("admin"))


@click.command("import")
@click.argument("source")
@click.option("--dry-run", "mode", flag_value="dry-run", default=True,
              help="Print what was found as JSON and save nothing (the default).")
@click.option("--publish", "mode", flag_value="publish", help="Publish the article and its threads.")
@click.option("--by", "username", help="The moderator to publish as (default: the first admin).")
@click.option("--answer-first", is_flag=True, help="Members answer before they see others' answers.")
@click.option("--anyway", is_flag=True,
              help="Publish even if the same address or text is already published, or no questions were found.")
@with_appcontext
def import_article(source: str, mode: str, username: str | None, answer_first: bool, anyway: bool) -> None:
    """Import an article from a file PATH or a web URL.

    Like the import page, publishing refuses an article already published (the same source
    address or text) or without questions, and says so, unless --anyway confirms it.
    """
    try:
        extraction = imports.extract_from(**_source_arguments(source))
        if mode == "dry-run":
            copy = articles.publish_warnings(source_url=extraction.source_url, body=extraction.body,
                                             questions=extraction.questions).published_as
            click.echo(json.dumps({"title": extraction.title, "source_url": extraction.source_url,
                                   "summary": extraction.summary, "questions": extraction.questions,
                                   "reasons": extraction.reasons, "body": extraction.body,
                                   "already_published": f"/articles/{copy.slug}" if copy else None},
                                  ensure_ascii=False, indent=2))
            return
        draft = articles.check_draft(title=extraction.title, body=extraction.body,
                                     source_url=extraction.source_url, questions=extraction.questions,
                                     summary=extraction.summary, answer_first=answer_first)
        article = articles.publish_article(_publisher(username), draft, confirmed=anyway)
    except articles.Unconfirmed as unconfirmed:
        raise click.ClickException(" ".join([*unconfirmed.warnings.messages(),
                                             "Pass --anyway to publish it all the same."])) from None
    except ForumError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"/articles/{article.slug}")


@click.command("demo")
@with_appcontext
def demo() -> None:
    """Publish the demo articles (those not published yet)."""
    count = _load_demo(_publisher(None))
    click.echo(f"Published {count} demo article{'s' if count != 1 else ''}.")


@click.command("digest")
@click.argument("slug")
@click.option("--format", "form", type=click.Choice(["json", "md"]), default="md", show_default=True,
              help="JSON as /articles/SLUG/digest.json, or Markdown as digest.md.")
@click.option("--site-url", help="The site's address, for the links (default: FORUM_SITE_URL).")
@with_appcontext
def print_digest(slug: str, form: str, site_url: str | None) -> None:
    """Print the best answers of the article at SLUG, as a visitor reads them."""
    site_url = site_url or current_app.config.get("SITE_URL")
    if not site_url:
        raise click.ClickException("Set FORUM_SITE_URL or give --site-url: the digest's links are absolute.")
    visitor = AnonymousUserMixin()
    with current_app.test_request_context("/", base_url=site_url):
        try:
            document = digest_export.digest_document(articles.get_article(slug, visitor), visitor)
        except ForumError:
            raise click.ClickException(f"No article at {slug!r}.") from None
    if form == "json":
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        click.echo(digest_export.digest_markdown(document), nl=False)


def _source_arguments(source: str) -> dict:
    if source.startswith(("http://", "https://")):
        return {"url": source}
    path = Path(source)
    if not path.is_file():
        raise click.ClickException(f"No file at {source}; give a path or an http(s) address.")
    return {"upload": imports.Upload(path.name, path.read_bytes())}


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(path: Path) -> None:
    """Copy the SQLite database to PATH while the forum keeps running."""
    try:
        transfer.backup_sqlite(path)
    except ForumError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Backed up the database to {path}.")


@click.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--with-secrets", is_flag=True, help="Keep password hashes and API tokens (needed to log in as before).")
@with_appcontext
def export_data(path: Path, with_secrets: bool) -> None:
    """Write the whole forum to PATH as JSON Lines, for import-data into another database."""
    try:
        out = path.open("x", encoding="utf-8")
    except FileExistsError:
        raise click.ClickException(f"{path} exists already; choose a new file, so nothing is overwritten.") from None
    with out:
        counts = transfer.write_export(out, with_secrets=with_secrets)
    click.echo(f"Exported to {path}: " + ", ".join(f"{name}: {count}" for name, count in counts.items()))


@click.command("import-data")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_data(path: Path) -> None:
    """Load an export from PATH into this (empty, migrated) database."""
    try:
        with path.open(encoding="utf-8") as lines:
            counts = transfer.import_rows(lines)
    except ForumError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    click.echo("Imported " + ", ".join(f"{name}: {count}" for name, count in counts.items()) + ".")


def _publisher(username: str | None) -> User:
    if username:
        user = users.find_user(username)
        if user is None:
            raise click.ClickException(f"No account named {username!r}.")
        return user
    user = db.session.scalar(select(User).where(User.role == Role.ADMIN).order_by(User.id))
    if user is None:
        raise click.ClickException("No admin yet: create one with `forum create-admin`, or pass --by.")
    return user


def _load_demo(publisher: User) -> int:
    published = set(db.session.scalars(select(Article.title)))
    count = 0
    for filename, text in DEMO_ARTICLES:
        extraction = imports.extract_from(upload=imports.Upload(filename, text.encode()))
        if extraction.title in published:
            continue
        draft = articles.check_draft(title=extraction.title, body=extraction.body,
                                     source_url=extraction.source_url, questions=extraction.questions,
                                     summary=extraction.summary)
        articles.publish_article(publisher, draft, confirmed=True)  # its own check above: by title
        count += 1
    return count
