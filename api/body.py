"""Reading request bodies and query parameters the NocoDB way."""

from __future__ import annotations

import json
from typing import Any

from sanic import Request

from api.errors import InvalidJson


def json_body(request: Request, *, required: bool = True) -> Any:
    raw = request.body
    if not raw:
        if required:
            raise InvalidJson("Invalid JSON in request body: the body is empty")
        return None
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvalidJson(f"Invalid JSON in request body: {exc}") from None


def object_body(request: Request) -> dict[str, Any]:
    body = json_body(request)
    if not isinstance(body, dict):
        raise InvalidJson("Invalid JSON in request body: expected an object")
    return body


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
