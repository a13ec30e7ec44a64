"""The API's plumbing: one decorator that routes, authenticates, validates and documents an operation."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request
from flask_login import current_user
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from ...errors import BadRequest, ForumError, Invalid, NotFound, Unauthenticated
from ...extensions import db
from ...limits import MAX_PAGE, MAX_ROW_ID, PER_PAGE_MAX, too_long
from ...permissions import is_member
from ...services import idempotency, tokens
from ..routing import API_PREFIX, ID, SLUG  # noqa: F401  (the operations' modules take ID and SLUG from here)

bp = Blueprint("api", __name__, url_prefix=API_PREFIX)
IDEMPOTENCY_HEADER = "Idempotency-Key"
SLUG_PATTERN = "^[^/\\u0000]+$"  # the slug converter's segment, as the OpenAPI document states it


@dataclass(frozen=True)
class Operation:
    """What the OpenAPI document says about one route, taken from the code that serves it."""

    rule: str
    method: str
    endpoint: str
    tag: str
    summary: str
    description: str
    body: Schema | None
    query: Schema | None
    response: Schema | None
    status: int
    errors: tuple[int, ...]
    auth: str  # "required", "optional" or "none"
    redirect: str = ""  # when set: why the operation may answer 301 with a Location instead

    @property
    def idempotent(self) -> bool:
        return takes_idempotency_key(self.method, self.status, self.auth)


def takes_idempotency_key(method: str, status: int, auth: str) -> bool:
    """A member's creating operation takes an Idempotency-Key (anonymous ones have nobody to scope it to)."""
    return method == "POST" and status == 201 and auth == "required"


OPERATIONS: list[Operation] = []


class StrictBoolean(fields.Boolean):
    """true or false, not "yes", 1 or "on": a JSON body says what it means."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class StrictInteger(fields.Integer):
    """A JSON integer, not a string of digits, a float or a boolean."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strict=True, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, bool):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


def bounded_text(limit: int, what: str, **kwargs: Any) -> fields.String:
    """A string of at most ``limit`` characters, refused in the words the form and the service use."""
    return fields.String(validate=validate.Length(max=limit, error=too_long(what, limit)), **kwargs)


class PageQuery(Schema):
    """?page= and ?per_page= of any list."""

    class Meta:
        unknown = EXCLUDE

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    per_page = fields.Integer(validate=validate.Range(min=1, max=PER_PAGE_MAX))


def operation(rule: str, method: str, *, tag: str, body: Schema | None = None, query: Schema | None = None,
              response: Schema | None = None, status: int = 200, errors: tuple[int, ...] = (),
              auth: str = "none", redirect: str = "") -> Callable:
    """Register ``view`` at ``rule`` and in the OpenAPI document.

    The view gets the validated ``data`` (body) and ``query`` as keyword
    arguments, and returns what ``response`` dumps (nothing for 204), or,
    for an operation with a ``redirect`` documented, a redirect response.
    """
    def decorate(view: Callable) -> Callable:
        summary, _, description = (view.__doc__ or view.__name__).strip().partition("\n")
        op = Operation(rule, method, view.__name__, tag, summary.strip(), description.strip(),
                       body, query, response, status, _error_statuses(rule, errors, body, query, auth, method, status),
                       auth, redirect)
        OPERATIONS.append(op)

        @functools.wraps(view)
        def wrapper(**kwargs: Any):
            return _serve(op, view, kwargs)

        bp.add_url_rule(rule, endpoint=view.__name__, view_func=wrapper, methods=[method])
        return wrapper

    return decorate


def _serve(op: Operation, view: Callable, kwargs: dict[str, Any]) -> Response:
    """One request to ``op``: ids in range, the caller known where required, the input loaded, and the
    answer given once per Idempotency-Key."""
    if any(isinstance(value, int) and value > MAX_ROW_ID for value in kwargs.values()):
        raise NotFound("There is nothing at this address.")
    if op.auth == "required":
        require_member()
    if op.query is not None:
        kwargs["query"] = load(op.query, request.args.to_dict())
    if op.body is not None:
        kwargs["data"] = load(op.body, json_body())

    def run() -> Response:
        return _answer(op, view(**kwargs))

    key = request.headers.get(IDEMPOTENCY_HEADER) if op.idempotent else None
    reply = run() if key is None else _answer_once(key, op.status, run)
    tokens.record_use()  # a request that wrote has recorded it already, in its own transaction
    return reply


def _answer(op: Operation, result: Any) -> Response:
    """What the view returned, as ``op`` answers: its response schema's JSON, no body for 204, or its redirect."""
    if op.redirect and isinstance(result, Response):
        return result
    if op.status == 204:
        return Response(status=204)
    reply = jsonify(op.response.dump(result) if op.response is not None else result)
    reply.status_code = op.status
    return reply


def _answer_once(key: str, status: int, run: Callable[[], Response]) -> Response:
    """Answer a creating request that carries an Idempotency-Key: run it once, then replay its answer."""
    request_hash = idempotency.fingerprint(request.method, request.path, request.get_data(cache=True))
    first = idempotency.claim_key(current_user, key, request_hash=request_hash)
    if first is not None:
        return Response(first.body, first.status, mimetype="application/json", headers={"Idempotent-Replayed": "true"})
    try:
        reply = run()
    except ForumError:
        db.session.rollback()  # the claim goes with the refused request: a retry runs it afresh
        raise
    if reply.status_code != status:
        db.session.rollback()  # a redirect created nothing; the retry follows it with the same key
        return reply
    idempotency.record_answer(current_user, key, idempotency.Answer(reply.status_code, reply.get_data(True)))
    return reply


def require_member() -> None:
    """401 unless a token or session identifies a member."""
    if not is_member(current_user):
        raise Unauthenticated("Send a bearer token (POST /api/v1/tokens) or log in first.")


def json_body() -> dict[str, Any]:
    """The request's JSON object; no body at all counts as {} (a reason, say, is optional)."""
    if not request.get_data(cache=True):
        return {}
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise BadRequest("Send a JSON object with Content-Type: application/json.")
    return payload


def load(schema: Schema, payload: dict[str, Any]) -> dict[str, Any]:
    """``payload`` validated by ``schema``; 422 naming each bad field otherwise."""
    try:
        return schema.load(payload)
    except ValidationError as error:
        raise FieldErrors(_flatten(error.messages)) from None


class FieldErrors(Invalid):
    """Several fields are wrong at once; ``fields`` maps each to its messages."""

    def __init__(self, messages: dict[str, list[str]]) -> None:
        first_field, first = next(iter(messages.items()))
        super().__init__(f"{first_field}: {first[0]}" if first_field != "_schema" else first[0],
                         field=first_field)
        self.fields = messages


def per_page(query: dict[str, Any], key: str = "ARTICLES_PER_PAGE") -> int:
    return query.get("per_page") or current_app.config[key]


def page_of(pagination: Any, items: list[Any] | None = None) -> dict[str, Any]:
    """A Flask-SQLAlchemy pagination as the API's page object."""
    return {"items": pagination.items if items is None else items, "page": pagination.page,
            "per_page": pagination.per_page, "total": pagination.total, "has_next": pagination.has_next}


def _flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    if isinstance(messages, list):
        return {prefix or "_schema": [str(m) for m in messages if not isinstance(m, dict)] or ["Invalid."]}
    flat: dict[str, list[str]] = {}
    for key, value in messages.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            flat.update(_flatten(value, name))
        else:
            flat[name] = [str(m) for m in value]
    return flat


def _error_statuses(rule: str, errors: tuple[int, ...], body: Schema | None, query: Schema | None, auth: str,
                    method: str, status: int) -> tuple[int, ...]:
    implied = {400, 401}  # any operation refuses text with NUL characters, and a bad bearer token
    if takes_idempotency_key(method, status, auth):
        implied |= {409, 422}  # an Idempotency-Key still in use, or sent with another request
    if "<" in rule:
        implied.add(404)
    if body is not None:
        implied.add(422)
    if query is not None:
        implied.add(422)
    return tuple(sorted(implied | set(errors)))
