"""Reading request bodies and query parameters the NocoDB way."""

from __future__ import annotations

import json
from typing import Any

from sanic import Request

from api.errors import InvalidJson
from core.errors import BadRequest


def json_body(request: Request, *, required: bool = True) -> Any:
    raw = request.body
    if not raw:
        if required:
            raise InvalidJson("Invalid JSON in request body: the body is empty")
        return None
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvalidJson(f"Invalid JSON in request body: {exc}") from None
    if b"\\u0000" in raw:
        raise InvalidJson("Invalid JSON in request body: NUL characters (\\u0000) are not allowed")
    return body


def object_body(request: Request) -> dict[str, Any]:
    body = json_body(request)
    if not isinstance(body, dict):
        raise InvalidJson("Invalid JSON in request body: expected an object")
    return body


def reject_nul(request: Request) -> None:
    """Request middleware: PostgreSQL cannot store NUL, so no backend accepts it in a path or
    query parameter (the answer is the same 400 on SQLite and PostgreSQL)."""
    if any(nul in text for nul in ("\x00", "%00") for text in (request.path, request.query_string)):
        raise BadRequest("NUL characters are not allowed in the URL")


def arg_values(request: Request, name: str) -> list[str]:
    """All values of ``name`` and ``name[]`` (repeated params and array syntax)."""
    args = request.get_args(keep_blank_values=True)
    return [*args.getlist(name, []), *args.getlist(f"{name}[]", [])]


def first_arg(request: Request, *names: str) -> str | None:
    for name in names:
        values = arg_values(request, name)
        if values:
            return values[0]
    return None
