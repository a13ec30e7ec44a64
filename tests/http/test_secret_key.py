"""Sessions cannot be forged: no key the repository holds signs a cookie Agora accepts."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from flask_login.utils import encode_cookie

from forum import create_app
from forum.secret_key import instance_secret
from tests.conftest import build_app, dispose
from tests.factories import Factory

REPOSITORY = Path(__file__).resolve().parents[2]
# A quoted value after SECRET_KEY: `SECRET_KEY = "..."`, `"SECRET_KEY": "..."`, `setenv("FORUM_SECRET_KEY", "...")`.
QUOTED_KEY = re.compile(r"""SECRET_KEY["']?\s*[:=,]\s*["']([^"']+)["']""")
# Was DevelopmentConfig's key before issue 9; anyone who read the history knows it.
HISTORIC_KEYS = {"dev-only-not-secret"}


def keys_in_repository() -> set[str]:
    """Every literal secret key in the repository's configs, code, tests and benchmarks."""
    files = [REPOSITORY / "config.py"]
    for folder in ("forum", "tests", "bench", "deploy", ".ci"):
        files += [path for path in (REPOSITORY / folder).rglob("*") if path.suffix in {".py", ".toml", ".cfg", ""}
                  and path.is_file()]
    found = {key for path in files for key in QUOTED_KEY.findall(path.read_text(errors="replace"))}
    return found | HISTORIC_KEYS


@pytest.fixture
def development_app(database_uri, tmp_path, monkeypatch):
    """The app as `make run` starts it: development settings, no key given."""
    monkeypatch.delenv("FORUM_SECRET_KEY", raising=False)
    app = build_app(database_uri, config_name="development", instance_path=str(tmp_path / "instance"))
    with app.app_context():
        yield app
    dispose(app)


def session_cookie(key: str, user_id: str) -> str:
    signer = Flask("forger")
    signer.secret_key = key
    return SecureCookieSessionInterface().get_signing_serializer(signer).dumps({"_user_id": user_id, "_fresh": True})


def test_the_repository_holds_keys_to_try():
    assert {"testing-only-not-secret", "dev-only-not-secret"} <= keys_in_repository()


def test_no_key_in_the_repository_signs_a_session_the_development_app_accepts(development_app):
    user = Factory().user("admin", role="admin")
    client = development_app.test_client()
    client.set_cookie("session", session_cookie(development_app.secret_key, user.get_id()))
    assert client.get("/settings").status_code == 200, "a cookie signed with the app's own key logs in"
    for key in sorted(keys_in_repository()):
        client = development_app.test_client()
        client.set_cookie("session", session_cookie(key, user.get_id()))
        response = client.get("/settings")
        assert response.status_code == 302 and "/login" in response.location, key


def test_no_key_in_the_repository_signs_a_remember_cookie_the_development_app_accepts(development_app):
    user = Factory().user("admin", role="admin")
    client = development_app.test_client()
    client.set_cookie("remember_token", encode_cookie(user.get_id(), key=development_app.secret_key.encode()))
    assert client.get("/settings").status_code == 200, "a cookie signed with the app's own key logs in"
    for key in sorted(keys_in_repository()):
        client = development_app.test_client()
        client.set_cookie("remember_token", encode_cookie(user.get_id(), key=key.encode()))
        response = client.get("/settings")
        assert response.status_code == 302 and "/login" in response.location, key


def test_development_keeps_one_random_key_per_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("FORUM_SECRET_KEY", raising=False)
    instance = tmp_path / "instance"
    first = create_app("development", {"SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(instance))
    second = create_app("development", {"SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(instance))
    other = create_app("development", {"SQLALCHEMY_DATABASE_URI": "sqlite://"},
                       instance_path=str(tmp_path / "other"))
    assert first.secret_key == second.secret_key == (instance / "secret_key").read_text().strip()
    assert len(first.secret_key) >= 64 and other.secret_key != first.secret_key
    assert (instance / "secret_key").stat().st_mode & 0o077 == 0


def test_processes_starting_at_once_share_one_development_key(tmp_path):
    path = tmp_path / "secret_key"
    start = threading.Barrier(8)
    keys: list[str] = []

    def read_key() -> None:
        start.wait()
        keys.append(instance_secret(path))

    threads = [threading.Thread(target=read_key) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(keys) == 8 and len(set(keys)) == 1 and keys[0] == path.read_text().strip()
    assert list(tmp_path.iterdir()) == [path], "no temporary file is left behind"


def test_a_damaged_development_key_file_stops_the_start_with_the_fix(tmp_path):
    path = tmp_path / "secret_key"
    path.write_text("\n")
    with pytest.raises(RuntimeError, match="delete it"):
        instance_secret(path)


def _production(monkeypatch, key: str | None, **environment: str):
    if key is None:
        monkeypatch.delenv("FORUM_SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("FORUM_SECRET_KEY", key)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return create_app("production", {"SQLALCHEMY_DATABASE_URI": "sqlite://"})


@pytest.mark.parametrize("key, message", [
    (None, "Set FORUM_SECRET_KEY"),
    ("k" * 31, "at least 32 characters"),
    ("testing-only-not-secret" + "0" * 16, "published in Agora's repository"),
    ("dev-only-not-secret" * 2, "published in Agora's repository"),
], ids=["missing", "short", "testing-key", "historic-development-key"])
def test_production_refuses_to_start_with_a_weak_or_published_key(monkeypatch, key, message):
    with pytest.raises(RuntimeError, match=message):
        _production(monkeypatch, key)


@pytest.mark.parametrize("variable", ["FLASK_DEBUG", "FORUM_DEBUG"])
def test_production_refuses_to_start_in_debug_mode(monkeypatch, variable):
    with pytest.raises(RuntimeError, match="DEBUG is on"):
        _production(monkeypatch, "a1B2" * 10, **{variable: "true"})


def test_production_starts_with_a_long_private_key(monkeypatch):
    app = _production(monkeypatch, "a1B2" * 10)
    assert app.secret_key == "a1B2" * 10 and not app.debug
    dispose(app)
