"""Meta API for bases: ``/api/v2/meta/bases`` (and NocoDB v1 ``/api/v1/db/meta/projects``)."""

from __future__ import annotations

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from api.auth import require_base, token_base
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


for i, prefix in enumerate(PREFIXES):
    bp.add_route(list_bases, prefix, methods=["GET"], name=f"list_bases_{i}")
    bp.add_route(create_base, prefix, methods=["POST"], name=f"create_base_{i}")
    bp.add_route(read_base, f"{prefix}/<base_id:str>", methods=["GET"], name=f"read_base_{i}")
    bp.add_route(update_base, f"{prefix}/<base_id:str>", methods=["PATCH"], name=f"update_base_{i}")
    bp.add_route(delete_base, f"{prefix}/<base_id:str>", methods=["DELETE"], name=f"delete_base_{i}")
