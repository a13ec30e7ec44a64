"""Schemathesis against the OpenAPI document on a live server, every check on: no 5xx, every answer as documented.

The checks are configured in schemathesis.toml at the top of the repository (DESIGN §11).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from forum.services import tokens
from forum.views.api import OPERATIONS, build_spec

EXAMPLES_PER_OPERATION = 15  # enough to find a 500 in each input, small enough for CI (about a minute)
CONFIG = Path(__file__).resolve().parents[2] / "schemathesis.toml"


@pytest.fixture
def world(make, moderator) -> dict[str, object]:
    """Something for every kind of resource to point at, and a moderator's token."""
    article = make.article("Shared tools", questions=["Should libraries lend drills?", "Who pays?"])
    thread = make.thread(article)
    author = make.user("author")
    post = make.post(thread, author=author, body="Yes, @moderator, they should.")
    make.post(thread, parent=post, body="A reply.")
    TOKENS.update(moderator=moderator, token=tokens.issue_token(moderator, name="schemathesis"))
    return TOKENS


# The document is built as /api/v1/openapi.json builds it; the test below checks that they agree.
# (schemathesis.pytest.from_fixture would fetch it from the live server, but fails on pytest 9.2.)
schema = schemathesis.openapi.from_dict(build_spec(OPERATIONS, server="/api/v1"),
                                        config=SchemathesisConfig.from_path(str(CONFIG)))


TOKENS: dict[str, object] = {}  # the current test's moderator and token, for the auth provider


@schema.auth(refresh_interval=None)
class ModeratorToken:
    """Authenticate each call as the world's moderator; schemathesis drops it to test 401s."""

    def get(self, case, context) -> str:
        if "token" not in TOKENS:
            return "collecting"  # schemathesis asks once while collecting, before any world exists
        if context.operation.path == "/tokens/current" and context.operation.method.upper() == "DELETE":
            return tokens.issue_token(TOKENS["moderator"], name="to revoke")  # keep the shared one alive
        return TOKENS["token"]

    def set(self, case, data: str, context) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


def test_the_served_document_is_the_one_tested(client):
    served = client.get("/api/v1/openapi.json").json
    assert served["servers"] == [{"url": "http://localhost/api/v1"}]
    assert {**served, "servers": [{"url": "/api/v1"}]} == schema.raw_schema


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])  # one server and world per operation
def test_every_operation_answers_as_documented(case, live_server, world):
    case.call_and_validate(base_url=f"{live_server}/api/v1")
