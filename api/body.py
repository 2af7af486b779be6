"""Reading request bodies and query parameters the NocoDB way."""

from __future__ import annotations

import json
import re
from typing import Any

from sanic import Request

from api.errors import InvalidJson
from core.errors import BadRequest, NotFound, ViewNotFound

MAX_ID_LENGTH = 24
"""No id gridbase makes is longer (``core.models``); a longer one cannot name anything."""


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
    except RecursionError:
        raise InvalidJson("Invalid JSON in request body: nested too deeply") from None
    if b"\\u0000" in raw:
        raise InvalidJson("Invalid JSON in request body: NUL characters (\\u0000) are not allowed")
    if _SURROGATE_ESCAPE.search(raw) and not _encodable(body):
        raise InvalidJson("Invalid JSON in request body: a \\u escape is half of a surrogate "
                          "pair (not a character)")
    return body


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _encodable(body: Any) -> bool:
    """True if every string in ``body`` is valid Unicode (no lone surrogate from a ``\\u``)."""
    try:
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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


def reject_impossible_ids(request: Request) -> None:
    """Request middleware: an id in the path longer than any id could be is a plain 404
    (the ORM would refuse to even look it up)."""
    for name, value in (request.match_info or {}).items():
        if name.endswith("_id") and name != "record_id" and len(str(value)) > MAX_ID_LENGTH:
            raise NotFound(f"'{str(value)[:40]}…' is not an id gridbase made", param=name)


def view_id_arg(request: Request) -> str | None:
    """``viewId``, refusing (404) one too long to exist."""
    value = first_arg(request, "viewId")
    if value and len(value) > MAX_ID_LENGTH:
        raise ViewNotFound(f"View '{value[:40]}…' not found", view=value[:40])
    return value


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
