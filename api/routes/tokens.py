"""API tokens: ``/api/v2/meta/bases/{baseId}/api-tokens`` (+ v1 alias), on core's token service.

As in NocoDB the path names a base but tokens are account-wide by default. gridbase adds
what NocoDB lacks: ``"role": "viewer"`` for read-only tokens and ``"base_scoped": true`` for a
token that only reaches this base. A base-scoped caller can only mint tokens for its own base.
"""

from __future__ import annotations

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from api.auth import require_base, token_base
from api.body import object_body
from api.routes import add_routes
from api.routes.bases import _list_envelope
from core.errors import Forbidden
from core.models import ApiToken
from core.schema.bases import get_base
from core.tokens import service as tokens

bp = Blueprint("tokens")
PREFIXES = ("/api/v2/meta/bases", "/api/v1/db/meta/projects")


async def list_tokens(request: Request, base_id: str) -> HTTPResponse:
    require_base(request, base_id)
    await get_base(base_id)
    items = [t for t in await tokens.list_tokens() if t.base_id in (None, base_id)]
    if token_base(request) is not None:
        items = [t for t in items if t.base_id == base_id]
    return json(_list_envelope([tokens.token_json(t) for t in items]))


async def create_token(request: Request, base_id: str) -> HTTPResponse:
    require_base(request, base_id)
    await get_base(base_id)
    body = object_body(request)
    scoped = bool(body.get("base_scoped")) or token_base(request) is not None
    token, plaintext = await tokens.create_token(
        body.get("description") or body.get("name") or "API token",
        role=body.get("role", "editor"), base_id=base_id if scoped else None)
    return json({**tokens.token_json(token), "token": plaintext})


async def delete_token(request: Request, base_id: str, token_id: str) -> HTTPResponse:
    require_base(request, base_id)
    token = await ApiToken.get_or_none(id=token_id)
    if token is not None and token.base_id is not None:
        require_base(request, token.base_id)
    if token is not None and token.base_id is None and token_base(request) is not None:
        raise Forbidden("Forbidden - a base-scoped token cannot revoke an account-wide token")
    await tokens.revoke_token(token_id)
    return json(True)


_TOKENS = [f"{prefix}/<base_id:str>/api-tokens" for prefix in PREFIXES]
add_routes(bp, list_tokens, _TOKENS, ["GET"], "list_tokens")
add_routes(bp, create_token, _TOKENS, ["POST"], "create_token")
add_routes(bp, delete_token, [f"{p}/<token_id:str>" for p in _TOKENS], ["DELETE"], "delete_token")
