"""Views that load on their first request, with their routes in the table from the start.

A server answers its first thread page without importing the API (marshmallow, apispec, the
schemas and the services behind them) or the pages few requests reach: a blueprint in
``LAZY`` enters the route table at start from ``route_table.ROUTES`` (Flask takes no route
after the first request), each route with a stand-in view. The first request to one of its
routes imports the module, registers its blueprint on a throwaway application exactly as
Flask would on this one, and moves the real views and the blueprint's own hooks (before and
after request, error handlers) across, before any hook of the request runs: the loader is the
application's first URL value preprocessor, and Flask calls those before every
``before_request`` hook (CSRF's among them).

A lazily loaded blueprint may hold only routes and hooks of its own; one that adds something
to every page (an ``app_context_processor``) must load at start, in ``AT_START``.
``tests/unit/test_startup.py`` checks that the table equals what the modules define; after
changing a route in one of them, rewrite it with ``python -m forum.views.lazy``.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import Any

from flask import Flask, request

from .route_table import ROUTES
from .routing import CONVERTERS, LazyBuildRule

# Every blueprint, in the order its routes enter the table (which orders matching and url_for).
BLUEPRINTS = ("main", "auth", "password_resets", "users", "tokens", "articles", "threads", "posts", "moderation",
              "article_moderation", "member_moderation", "moves", "digest", "notifications", "follows", "search",
              "feeds", "embed", "api")
# The thread page's (threads, posts), the error pages' (main), and those giving every page a form helper.
AT_START = frozenset({"main", "threads", "posts", "moderation", "follows"})
LAZY = tuple(name for name in BLUEPRINTS if name not in AT_START)
# Hooks a blueprint keeps under its own name in these dictionaries of the application.
HOOKS = ("before_request_funcs", "after_request_funcs", "teardown_request_funcs", "url_value_preprocessors",
         "url_default_functions", "template_context_processors", "error_handler_spec")

Route = tuple[str, str, tuple[str, ...]]  # rule, endpoint, the methods its view declares


def register_blueprints(app: Flask) -> None:
    """Every blueprint's routes; the views of those in ``LAZY`` load on their first request."""
    app.url_rule_class = LazyBuildRule
    app.url_map.converters.update(CONVERTERS)
    loader = LazyViews(app)
    app.url_value_preprocessor(loader.load_for_request)
    for name in BLUEPRINTS:
        if name in AT_START:
            app.register_blueprint(_module(name).bp)
        else:
            loader.add(name)


class LazyViews:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.waiting: set[str] = set()
        self.lock = threading.Lock()

    def add(self, name: str) -> None:
        for rule, endpoint, methods in ROUTES[name]:
            self.app.add_url_rule(rule, endpoint, self._stand_in(endpoint), methods=methods, defaults={})
        self.waiting.add(name)

    def load_for_request(self, endpoint: str | None, values: dict[str, Any] | None) -> None:
        if request.blueprint in self.waiting:
            self.load(request.blueprint)

    def load(self, name: str) -> None:
        with self.lock:
            if name not in self.waiting:
                return
            loaded = registered_alone(name)
            # Flask-WTF finds a blueprint's CSRF exemption here; a new dictionary, as other threads may be reading it.
            self.app.blueprints = {**self.app.blueprints, name: loaded.blueprints[name]}
            for endpoint, view in loaded.view_functions.items():
                if endpoint.startswith(name + "."):
                    self.app.view_functions[endpoint] = view
            for hooks in HOOKS:
                if name in getattr(loaded, hooks):
                    getattr(self.app, hooks)[name] = getattr(loaded, hooks)[name]
            self.waiting.discard(name)

    def _stand_in(self, endpoint: str) -> Callable[..., Any]:
        """A view for the route table until its module loads (by then the preprocessor has replaced it)."""
        def view(**values: Any) -> Any:
            self.load(endpoint.rpartition(".")[0])
            return self.app.view_functions[endpoint](**values)

        return view


def _module(name: str):
    return import_module(f"{__package__}.{name}")


def registered_alone(name: str) -> Flask:
    """A throwaway application with blueprint ``name`` registered on it as on a real one."""
    application = Flask(__name__)
    application.url_rule_class = LazyBuildRule
    application.url_map.converters.update(CONVERTERS)
    before = _app_wide(application)
    application.register_blueprint(_module(name).bp)
    if _app_wide(application) != before:
        raise RuntimeError(f"Blueprint {name!r} adds hooks to every request or page: load it at start (AT_START).")
    return application


def _app_wide(application: Flask) -> list[Any]:
    return [copy.deepcopy(getattr(application, hooks).get(None)) for hooks in HOOKS]


def routes_of(application: Flask) -> tuple[Route, ...]:
    """The table's routes as ``ROUTES`` keeps them: the methods a view declared, without the HEAD and
    OPTIONS that Flask and Werkzeug add."""
    routes = []
    for rule in application.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        added = {"OPTIONS"} if rule.provide_automatic_options else set()
        if "GET" in rule.methods:
            added.add("HEAD")
        routes.append((rule.rule, rule.endpoint, tuple(sorted(rule.methods - added))))
    return tuple(routes)


def write_route_table() -> None:
    lines = ['"""The routes of the views that load on first use (``forum/views/lazy.py``), by blueprint.',
             "", "Written by ``python -m forum.views.lazy``; ``tests/unit/test_startup.py`` checks it.", '"""',
             "", "ROUTES = {"]
    for name in LAZY:
        lines.append(f"    {_literal(name)}: (")
        lines.extend(f"        {_literal(route)}," for route in routes_of(registered_alone(name)))
        lines.append("    ),")
    lines.append("}")
    (Path(__file__).parent / "route_table.py").write_text("\n".join(lines) + "\n")


def _literal(value: str | tuple) -> str:
    """``value`` as Python source, strings in double quotes as the house style has them."""
    if isinstance(value, str):
        return json.dumps(value)
    return "(" + ", ".join(map(_literal, value)) + ("," if len(value) == 1 else "") + ")"


if __name__ == "__main__":
    write_route_table()
