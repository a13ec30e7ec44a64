"""The OpenAPI 3.1 document, built with apispec from the operations the API registered."""

from __future__ import annotations

import re
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import Schema, fields

from ...limits import IDEMPOTENCY_KEY_MAX, MAX_ROW_ID
from .base import ID, IDEMPOTENCY_HEADER, SLUG, SLUG_PATTERN, Operation

API_VERSION = "1.0.0"
PATH_PARAMETER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
NO_NUL = "^[^\\u0000]*$"
JSON_WITHOUT_NUL = "JsonWithoutNul"
# What a request may carry beyond an object's properties (ignored, but refused with 400 if any string
# or key in it holds NUL): each keyword applies to the values of its type.
JSON_WITHOUT_NUL_SCHEMA = {
    "description": "Any JSON value whose strings and keys hold no NUL character",
    "type": ["string", "number", "boolean", "null", "array", "object"],
    "pattern": NO_NUL,
    "items": {"$ref": f"#/components/schemas/{JSON_WITHOUT_NUL}"},
    "propertyNames": {"pattern": NO_NUL},
    "additionalProperties": {"$ref": f"#/components/schemas/{JSON_WITHOUT_NUL}"},
}
ERROR_DESCRIPTIONS = {
    400: "Malformed request: not a JSON object, text with NUL characters, or a missing CSRF token with a session cookie",
    401: "No valid bearer token or session",
    403: "Not allowed for this member",
    404: "No such resource, or not visible to this member",
    409: "Conflicts with the current state",
    422: "Invalid input; `fields` names each bad field",
    429: "Too many attempts; see Retry-After",
}

IDEMPOTENCY_KEY_PARAMETER = {
    "name": IDEMPOTENCY_HEADER, "in": "header", "required": False,
    "description": "A key of the client's choosing (a UUID, say) that makes retrying safe: the same member "
                   "sending the same request with the same key within 24 hours gets the first answer again, "
                   "with `Idempotent-Replayed: true`, and nothing is created twice. While the first request is "
                   "still being answered a retry gets 409; the key sent with a different request gets 422.",
    "schema": {"type": "string", "minLength": 1, "maxLength": IDEMPOTENCY_KEY_MAX, "pattern": "^[!-~]+$"},
}


class ErrorDetail(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    fields = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), required=True)


class Error(Schema):
    error = fields.Nested(ErrorDetail, required=True)


def build_spec(operations: list[Operation], *, server: str) -> dict[str, Any]:
    spec = APISpec(
        title="Agora API", version=API_VERSION, openapi_version="3.1.0",
        plugins=[MarshmallowPlugin(schema_name_resolver=_schema_name)],
        servers=[{"url": server}],
        info={"description": "Articles, their question threads, posts, votes, reports, moderation "
                             "and notifications. Authenticate with `Authorization: Bearer TOKEN` "
                             "from POST /tokens, or with the browser session and its X-CSRFToken header."},
    )
    spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Error", schema=Error)
    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        path = PATH_PARAMETER.sub(r"{\2}", op.rule)
        paths.setdefault(path, {"parameters": _path_parameters(op.rule)})[op.method.lower()] = _operation(op)
    for path, item in paths.items():
        parameters = item.pop("parameters")
        spec.path(path=path, operations=item, parameters=parameters or None)
    document = spec.to_dict()
    _refuse_nul(document)
    document["components"]["schemas"][JSON_WITHOUT_NUL] = JSON_WITHOUT_NUL_SCHEMA
    return document


def _refuse_nul(node: Any) -> None:
    """Give every free-text string, and every object's keys and further members, a pattern without NUL:
    every request with one anywhere in its JSON is refused (400), a key or an ignored member included."""
    if isinstance(node, dict):
        if "properties" in node:
            node["propertyNames"] = {"pattern": NO_NUL}
            node.setdefault("additionalProperties", {"$ref": f"#/components/schemas/{JSON_WITHOUT_NUL}"})
        kind = node.get("type")
        if (kind == "string" or (isinstance(kind, list) and "string" in kind)) and not (
                {"pattern", "enum", "format"} & node.keys()):
            node["pattern"] = NO_NUL
        for value in node.values():
            _refuse_nul(value)
    elif isinstance(node, list):
        for value in node:
            _refuse_nul(value)


def _operation(op: Operation) -> dict[str, Any]:
    doc: dict[str, Any] = {"operationId": op.endpoint, "tags": [op.tag], "summary": op.summary,
                           "responses": _responses(op)}
    if op.description:
        doc["description"] = op.description
    parameters: list[dict[str, Any]] = []
    if op.query is not None:
        parameters.append({"in": "query", "schema": op.query})
    if op.idempotent:
        parameters.append(IDEMPOTENCY_KEY_PARAMETER)
    if parameters:
        doc["parameters"] = parameters
    if op.body is not None:
        required = any(field.required for field in op.body.fields.values())
        doc["requestBody"] = {"required": required, "content": {"application/json": {"schema": op.body}}}
    if op.auth == "required":
        doc["security"] = [{"bearerAuth": []}]
    elif op.auth == "optional":
        doc["security"] = [{}, {"bearerAuth": []}]
    return doc


def _responses(op: Operation) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    if op.status == 204:
        responses["204"] = {"description": "Done"}
    else:
        content = {"schema": op.response} if op.response is not None else {"schema": {"type": "object"}}
        responses[str(op.status)] = {"description": "OK", "content": {"application/json": content}}
    if op.redirect:
        responses["301"] = {"description": op.redirect,
                            "headers": {"Location": {"description": "Where it is now",
                                                     "schema": {"type": "string"}}}}
    for status in op.errors:
        entry: dict[str, Any] = {"description": ERROR_DESCRIPTIONS[status],
                                 "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        if status == 429:
            entry["headers"] = {"Retry-After": {"description": "Seconds to wait",
                                                "schema": {"type": "integer"}}}
        responses[str(status)] = entry
    return responses


def _path_parameters(rule: str) -> list[dict[str, Any]]:
    kinds = {ID: {"type": "integer", "minimum": 1, "maximum": MAX_ROW_ID},
             SLUG: {"type": "string", "pattern": SLUG_PATTERN}}
    return [{"name": name, "in": "path", "required": True, "schema": kinds.get(converter, {"type": "string"})}
            for converter, name in PATH_PARAMETER.findall(rule)]


def _schema_name(schema: type[Schema] | Schema) -> str:
    cls = schema if isinstance(schema, type) else type(schema)
    name = cls.__name__.removesuffix("Schema")
    return name if not getattr(schema, "partial", False) else name + "Patch"
