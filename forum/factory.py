"""The application factory behind ``forum.create_app``: configuration, extensions, views and template helpers."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

import click
from flask import Flask
from flask.cli import AppGroup
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from . import limits
from .database import configure_engine, default_sqlite_uri, remove_session
from .extensions import csrf, db, login_manager
from .member_trees import init_member_trees
from .models.base import use_postgresql_options
from .page_cache import init_page_cache
from .secret_key import check_production_settings, instance_secret

PACKAGE_DIR = Path(__file__).resolve().parent


def build_app(config_name: str | None, overrides: dict[str, Any] | None, instance_path: str | None) -> Flask:
    app = Flask(
        "forum",
        template_folder=str(_resource_dir("templates")),
        static_folder=str(_resource_dir("static")),
        instance_path=instance_path,
    )
    load_config(app, config_name or os.environ.get("FORUM_CONFIG", "development"), overrides)
    register_extensions(app)
    register_blueprints(app)
    register_request_hooks(app)
    register_template_helpers(app)
    app.cli = Commands(app)
    return app


class Commands(AppGroup):
    """``app.cli``, filled on first use: the commands and Flask-Migrate's (which load Alembic) cost a
    server time and memory at start, and a server never runs them."""

    def __init__(self, app: Flask) -> None:
        super().__init__(app.name)
        self._app = app
        self._registered = False

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        self._register()
        return super().get_command(ctx, name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._register()
        return super().list_commands(ctx)

    def _register(self) -> None:
        if not self._registered:
            self._registered = True
            from .cli import register_commands

            register_commands(self._app, migrations=str(_resource_dir("migrations")))


def _resource_dir(name: str) -> Path:
    """Inside the installed package first, else the repository root."""
    packaged = PACKAGE_DIR / name
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / name


def load_config(app: Flask, config_name: str, overrides: dict[str, Any] | None) -> None:
    config_module = _load_config_module()
    if config_name not in config_module.CONFIGS:
        raise RuntimeError(
            f"Unknown FORUM_CONFIG {config_name!r}; use one of {', '.join(config_module.CONFIGS)}."
        )
    app.config.from_object(config_module.CONFIGS[config_name])
    app.config["FORUM_CONFIG"] = config_name
    if config_name != "testing":
        for conventional, key in (("DATABASE_URL", "SQLALCHEMY_DATABASE_URI"), ("REDIS_URL", "REDIS_URL")):
            if os.environ.get(conventional):
                app.config[key] = os.environ[conventional]
        app.config.from_prefixed_env("FORUM")
    app.config.update(overrides or {})
    _finish_config(app, config_name, config_module)


def _load_config_module():
    path = PACKAGE_DIR / "config.py"
    if not path.is_file():
        path = PACKAGE_DIR.parent / "config.py"
    spec = importlib.util.spec_from_file_location("forum_config", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _finish_config(app: Flask, config_name: str, config_module) -> None:
    uri = app.config.get("SQLALCHEMY_DATABASE_URI") or default_sqlite_uri(app)
    if uri.startswith("postgres://") or uri.startswith("postgresql://"):
        uri = "postgresql+psycopg://" + uri.split("://", 1)[1]
    app.config["SQLALCHEMY_DATABASE_URI"] = uri
    if uri.startswith("sqlite:///"):
        os.makedirs(app.instance_path, exist_ok=True)
    key = app.config.get("SECRET_KEY")
    if key is not None and not isinstance(key, str):
        app.config["SECRET_KEY"] = str(key)  # FORUM_SECRET_KEY=123... arrives parsed as a JSON number
    if app.config["REQUIRE_EMAIL_VERIFICATION"] and not app.config.get("MAIL_SERVER"):
        raise RuntimeError("FORUM_REQUIRE_EMAIL_VERIFICATION needs FORUM_MAIL_SERVER: sign-ups are confirmed "
                           "by email.")
    if config_name == "production":
        check_production_settings(app, _published_keys(config_module))
        if app.config.get("MAIL_SERVER") and not app.config.get("SITE_URL"):
            raise RuntimeError("FORUM_MAIL_SERVER needs FORUM_SITE_URL in production: links in emails (password "
                               "resets) must not take their address from a request's Host header.")
    elif not app.config.get("SECRET_KEY"):
        # Kept in the instance folder so local sessions survive restarts.
        app.config["SECRET_KEY"] = instance_secret(Path(app.instance_path) / "secret_key")


def _published_keys(config_module) -> set[str]:
    """Every key this repository holds or held: anyone can sign sessions with those."""
    in_configs = {config.SECRET_KEY for config in config_module.CONFIGS.values() if config.SECRET_KEY}
    return in_configs | set(config_module.PUBLISHED_SECRET_KEYS)


def register_extensions(app: Flask) -> None:
    if app.config["PROXY_COUNT"]:
        count = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    db.init_app(app)
    app.teardown_appcontext(remove_session)
    configure_engine(app)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            use_postgresql_options()
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Log in to do that."
    login_manager.login_message_category = "info"
    from .services import throttle
    from .services.auth import load_session_user
    from .services.mail import init_mail
    from .views.routing import load_token_user

    throttle.init_app(app)
    login_manager.user_loader(load_session_user)
    login_manager.request_loader(load_token_user)
    init_mail(app)
    init_page_cache(app)
    init_member_trees(app)


def register_blueprints(app: Flask) -> None:
    from .views.lazy import register_blueprints as register_views
    from .views.main import register_error_handlers

    register_views(app)
    register_error_handlers(app)


def register_request_hooks(app: Flask) -> None:
    from .security import register_security_headers

    register_security_headers(app)


def register_template_helpers(app: Flask) -> None:
    from .forms.auth import LogoutForm
    from .templating import init_template_cache, register_filters

    from .services.records import viewer_of

    # formdata=None: the layout never reads the request body, which the 413 page cannot read.
    app.jinja_env.globals.update(logout_form=lambda: LogoutForm(formdata=None), limits=limits)
    # Templates get decisions, never predicates: the layout reads who the viewer is from this record.
    app.context_processor(lambda: {"viewer": viewer_of(current_user)})
    register_filters(app)
    init_template_cache(app)
