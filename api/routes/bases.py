"""Meta API for bases: ``/api/v2/meta/bases`` (and NocoDB v1 ``/api/v1/db/meta/projects``)."""

from __future__ import annotations

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from api.auth import require_base, token_base
from api.routes import add_routes
from api.body import object_body
from api.serializers import base_json
from core.errors import Forbidden
from core.schema import bases

bp = Blueprint("bases")
PREFIXES = ("/api/v2/meta/bases", "/api/v1/db/meta/projects")


def _list_envelope(items: list[dict]) -> dict:
    n = len(items)
    return {"list": items, "pageInfo": {"totalRows": n, "page": 1, "pageSize": max(n, 1),
                                        "isFirstPage": True, "isLastPage": True}}


async def list_bases(request: Request) -> HTTPResponse:
    scope = token_base(request)
    items = [base_json(b) for b in await bases.list_bases() if scope in (None, b.id)]
    return json(_list_envelope(items))


async def create_base(request: Request) -> HTTPResponse:
    if token_base(request) is not None:
        raise Forbidden("Forbidden - a base-scoped token cannot create bases")
    body = object_body(request)
    base = await bases.create_base(body.get("title"), body.get("description"))
    return json(base_json(base))


async def read_base(request: Request, base_id: str) -> HTTPResponse:
    require_base(request, base_id)
    return json(base_json(await bases.get_base(base_id)))


async def update_base(request: Request, base_id: str) -> HTTPResponse:
    require_base(request, base_id)
    body = object_body(request)
    base = await bases.update_base(base_id, title=body.get("title"),
                                   description=body.get("description"))
    return json(base_json(base))


async def delete_base(request: Request, base_id: str) -> HTTPResponse:
    require_base(request, base_id)
    await bases.delete_base(base_id)
    return json(True)


def _paths(suffix: str = "") -> list[str]:
    return [f"{prefix}{suffix}" for prefix in PREFIXES]


add_routes(bp, list_bases, _paths(), ["GET"], "list_bases")
add_routes(bp, create_base, _paths(), ["POST"], "create_base")
add_routes(bp, read_base, _paths("/<base_id:str>"), ["GET"], "read_base")
add_routes(bp, update_base, _paths("/<base_id:str>"), ["PATCH"], "update_base")
add_routes(bp, delete_base, _paths("/<base_id:str>"), ["DELETE"], "delete_base")
