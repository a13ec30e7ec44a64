"""A small JSON client over Flask's test client, for the API tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from tests.factories import Factory

API = "/api/v1"


@contextmanager
def serve(app: Flask) -> Iterator[str]:
    """Serve ``app`` on a free loopback port in a thread; yields the base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class ApiClient:
    """Calls /api/v1 with an optional bearer token and answers (status, json)."""

    def __init__(self, client: FlaskClient, token: str | None = None) -> None:
        self.client = client
        self.token = token

    def call(self, method: str, path: str, json: Any = None, **kwargs: Any):
        headers = kwargs.pop("headers", {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        response = self.client.open(API + path, method=method, json=json, headers=headers, **kwargs)
        return response

    def get(self, path: str, **kwargs: Any):
        return self.call("GET", path, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any):
        return self.call("POST", path, json, **kwargs)

    def put(self, path: str, json: Any = None, **kwargs: Any):
        return self.call("PUT", path, json, **kwargs)

    def patch(self, path: str, json: Any = None, **kwargs: Any):
        return self.call("PATCH", path, json, **kwargs)

    def delete(self, path: str, **kwargs: Any):
        return self.call("DELETE", path, **kwargs)

    def login(self, username: str, password: str = Factory.PASSWORD) -> ApiClient:
        """Take a token for ``username`` and use it from now on."""
        response = self.post("/tokens", {"username": username, "password": password})
        assert response.status_code == 201, response.json
        self.token = response.json["token"]
        return self


def error_of(response) -> dict[str, Any]:
    """The error member of an API error body, after checking its shape."""
    body = response.json
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields"}, body
    return body["error"]
