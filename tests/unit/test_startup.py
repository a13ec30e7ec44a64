"""What a server loads at start: heavy libraries only on first use, compiled templates from the instance folder."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from flask import Flask, url_for

from forum import create_app
from forum.templating import load_templates
from forum.views import lazy
from forum.views.routing import CONVERTERS, LazyBuildRule
from tests.conftest import POSTGRESQL_URL

ROOT = Path(__file__).resolve().parents[2]
# Each only serves some requests (articles' pages, digests, imports, commands, choosing a password, feeds):
# loaded at start, a server would carry them from its first second.
ON_FIRST_USE = ("bs4", "soupsieve", "rapidfuzz", "alembic", "flask_migrate", "zxcvbn", "email_validator", "feedgen",
                "lxml", "markdown_it", "limits", "sqlalchemy.dialects.postgresql")
# The views a thread page does not need, the services only they use, and the API's libraries: loaded by the first
# request to them.
VIEWS_ON_FIRST_USE = (*(f"forum.views.{name}" for name in lazy.LAZY), "forum.services.articles",
                      "forum.services.article_parts", "marshmallow", "apispec")

FRESH_PROCESS = """
import json, sys
from forum import create_app
app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=sys.argv[1])
loaded = [name for name in sys.argv[2:] if name in sys.modules]
from forum.services.article_text import _split
from forum.services.digest import BestAnswer, too_close
from forum.services.markdown import render_markdown
from forum.services.throttle import windows
text = _split("<h2>Questions</h2><ol><li>Why read?</li></ol><p>Body.</p>", ("Why read?",))
answer = BestAnswer(1, 1, 1, "a", "The same answer in the same words.", "", 1, False)
with app.app_context():
    html = render_markdown("Some **bold** words.")
print(json.dumps({"loaded": loaded, "text": [text.lead, text.rest], "close": too_close(answer, answer), "html": html,
                  "windows": [window.amount for window in windows("10 per hour; 20 per day")]}))
"""


def test_a_new_application_loads_none_of_the_heavy_libraries_and_they_work_on_first_use(tmp_path):
    result = subprocess.run([sys.executable, "-c", FRESH_PROCESS, str(tmp_path), *ON_FIRST_USE], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    answer = json.loads(result.stdout)
    assert answer["loaded"] == []
    assert answer["text"] == ["<p>Body.</p>", ""]
    assert answer["close"] is True
    assert answer["html"] == "<p>Some <strong>bold</strong> words.</p>\n"
    assert answer["windows"] == [10, 20]


def _app(instance: Path):
    return create_app("testing", {"SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(instance))


def test_compiled_templates_are_kept_in_the_instance_folder_and_serve_the_next_start(tmp_path):
    first = _app(tmp_path).test_client().get("/login")
    cached = sorted((tmp_path / "template-cache").iterdir())
    assert first.status_code == 200 and cached
    again = _app(tmp_path)
    again.jinja_env.bytecode_cache.dump_bytecode = None  # a template compiled anew would have to write
    second = again.test_client().get("/login")
    assert second.status_code == 200
    assert second.get_data().count(b"<input") == first.get_data().count(b"<input")
    assert sorted((tmp_path / "template-cache").iterdir()) == cached


@pytest.mark.parametrize("damage", [lambda data: data[: len(data) // 2], lambda data: b"x" + data[1:],
                                    lambda data: data.replace(b"j2", b"j1", 1)],
                         ids=["cut short", "header changed", "another version"])
def test_a_damaged_or_outdated_compiled_template_is_compiled_anew(tmp_path, damage):
    first = _app(tmp_path).test_client().get("/login")
    cache = tmp_path / "template-cache"
    kept = {path.name: path.read_bytes() for path in cache.iterdir()}
    for path in cache.iterdir():
        path.write_bytes(damage(path.read_bytes()))
    second = _app(tmp_path).test_client().get("/login")
    assert second.status_code == 200
    assert second.get_data().count(b"<input") == first.get_data().count(b"<input")
    assert {path.name: path.read_bytes() for path in cache.iterdir()} == kept


def test_an_instance_folder_without_room_for_the_cache_still_renders_pages(tmp_path):
    (tmp_path / "template-cache").write_text("a file where the cache folder would be")
    app = _app(tmp_path)
    assert app.jinja_env.bytecode_cache is None
    assert app.test_client().get("/login").status_code == 200


def test_a_server_loads_every_template_before_its_workers_fork(tmp_path):
    app = _app(tmp_path)
    load_templates(app)
    assert len(app.jinja_env.cache) == len(app.jinja_env.list_templates())


def test_routes_build_their_addresses_on_first_use_from_any_number_of_threads(tmp_path):
    app = _app(tmp_path)

    def addresses(number: int) -> list[str]:
        with app.test_request_context():
            return [url_for("threads.show", thread_id=number), url_for("threads.show", thread_id=number, page=2),
                    url_for("api.get_thread", thread_id=number, _external=True)]

    with ThreadPoolExecutor(8) as pool:
        built = list(pool.map(addresses, range(1, 33)))
    assert built == [[f"/threads/{n}", f"/threads/{n}?page=2", f"http://localhost/api/v1/threads/{n}"]
                     for n in range(1, 33)]


def _rules(app: Flask) -> list[tuple]:
    return [(rule.rule, rule.endpoint, sorted(rule.methods), rule.provide_automatic_options, rule.defaults,
             rule.strict_slashes, rule.merge_slashes, rule.redirect_to, rule.host, rule.subdomain, rule.websocket,
             rule.build_only) for rule in app.url_map.iter_rules()]


def test_the_route_table_at_start_is_the_one_every_view_module_defines(tmp_path):
    every_module = Flask("forum")
    every_module.url_rule_class = LazyBuildRule
    every_module.url_map.converters.update(CONVERTERS)
    for name in lazy.BLUEPRINTS:
        every_module.register_blueprint(importlib.import_module(f"forum.views.{name}").bp)
    assert _rules(_app(tmp_path)) == _rules(every_module), \
        "a lazily loaded view module changed its routes: run `.venv/bin/python -m forum.views.lazy`"


def test_every_endpoint_builds_its_address_before_its_views_load(tmp_path):
    app = _app(tmp_path)
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            values = {argument: 7 if argument.endswith("_id") else "a-b" for argument in rule.arguments}
            assert url_for(rule.endpoint, **values) == rule.build(values)[1]


FIRST_REQUESTS = """
import json, sys
from forum import create_app
from forum.extensions import db
app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=sys.argv[1])
at_start = [name for name in sys.argv[2:] if name in sys.modules]
with app.app_context():
    db.create_all()
client = app.test_client()
answers = {"login": client.get("/login").status_code}
after_login = [name for name in sys.argv[2:] if name in sys.modules]
refused = client.get("/api/v1/users/me", headers={"Authorization": "Bearer nope"})  # the API's own hooks
answers["token"] = [refused.status_code, refused.headers.get("WWW-Authenticate"), refused.json["error"]["message"]]
missing = client.get("/api/v1/threads/5")
answers["api_404"] = [missing.status_code, missing.json["error"]["code"]]
document = client.get("/api/v1/openapi.json")
answers["openapi"] = [document.status_code, len(document.json["paths"]) > 40]
print(json.dumps({"at_start": at_start, "after_login": after_login, "answers": answers,
                  "loaded": [name for name in sys.argv[2:] if name in sys.modules]}))
"""

UNKNOWN_TOKEN = "That token is unknown or was revoked. Ask for a new one at POST /api/v1/tokens."


def test_a_new_application_loads_the_views_a_thread_page_does_not_need_on_their_first_request(tmp_path):
    result = subprocess.run([sys.executable, "-c", FIRST_REQUESTS, str(tmp_path), *VIEWS_ON_FIRST_USE], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    answer = json.loads(result.stdout)
    assert answer["at_start"] == []
    assert answer["after_login"] == ["forum.views.auth"]
    assert answer["answers"] == {"login": 200, "token": [401, 'Bearer realm="agora"', UNKNOWN_TOKEN],
                                 "api_404": [404, "not_found"], "openapi": [200, True]}
    assert {"forum.views.api", "marshmallow", "apispec"} <= set(answer["loaded"])


PARTIAL_INDEX = """
import sys
from sqlalchemy.schema import CreateIndex
from forum import create_app
from forum.extensions import db
from forum.models import Post
app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": sys.argv[1]}, instance_path=sys.argv[2])
index = next(index for index in Post.__table__.indexes if index.name == "ix_posts_top_level_best")
with app.app_context():
    print(CreateIndex(index).compile(dialect=db.engine.dialect))
"""


@pytest.mark.parametrize("database_uri", ["sqlite://", pytest.param(POSTGRESQL_URL, marks=pytest.mark.postgresql)],
                         ids=["sqlite", "postgresql"])
def test_a_partial_index_keeps_its_condition_on_either_database(database_uri, tmp_path):
    """PostgreSQL's condition is given when an application first uses PostgreSQL: a process on SQLite never
    loads SQLAlchemy's PostgreSQL dialect (the test above)."""
    result = subprocess.run([sys.executable, "-c", PARTIAL_INDEX, database_uri, str(tmp_path)], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip().endswith("WHERE parent_id IS NULL")


GUNICORN_SETTINGS = """
import gc, json, sys
import forum.gunicorn_conf as settings
before = {"collector": gc.isenabled(), "loaded": [name for name in ("flask", "sqlalchemy") if name in sys.modules]}
from forum import create_app
create_app("testing", {"SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=sys.argv[1])
settings.pre_fork(None, None)
print(json.dumps({**before, "after_pre_fork": gc.isenabled(), "frozen": gc.get_freeze_count() > 50000}))
"""


def test_gunicorn_settings_load_before_the_application_with_the_collector_off_until_the_fork(tmp_path):
    result = subprocess.run([sys.executable, "-c", GUNICORN_SETTINGS, str(tmp_path)], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert json.loads(result.stdout) == {"collector": False, "loaded": [], "after_pre_fork": True, "frozen": True}
