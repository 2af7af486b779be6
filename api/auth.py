"""Token authentication for every route except the few marked public (``ctx_public=True``).

Tokens come in ``xc-token`` or ``Authorization: Bearer``. A viewer token may only read; a
base-scoped token may only reach its base (``require_base``). The token itself never reaches a
log line: the access log prints the route, not headers.
"""

from __future__ import annotations

from typing import Any

from sanic import Request

from core.errors import AuthenticationRequired, Forbidden
from core.models import ApiToken
from core.schema.cache import table_spec
from core.schema.spec import TableSpec
from core.tokens.service import authenticate

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Pages that need no token: sanic-ext's docs HTML (the page asks for a token) and static assets.
PUBLIC_ROUTE_NAMES = frozenset({"openapi.index", "openapi.swagger", "openapi.oauth2-redirect"})
PUBLIC_PATH_PREFIXES = ("static/",)


def is_public(route: Any) -> bool:
    if getattr(route.ctx, "public", False):
        return True
    name = (route.name or "").split(".", 1)[-1]
    return name in PUBLIC_ROUTE_NAMES or route.path.startswith(PUBLIC_PATH_PREFIXES)


def token_from(request: Request) -> str | None:
    value = request.headers.get("xc-token")
    if value:
        return value.strip()
    auth = request.headers.get("authorization", "")
    scheme, _, credential = auth.partition(" ")
    if scheme.lower() == "bearer" and credential.strip():
        return credential.strip()
    return None


async def check_request(request: Request) -> None:
    """Request middleware: authenticate, then enforce the role for writes."""
    route = request.route
    if route is None or is_public(route) or request.method == "OPTIONS":
        return
    token = await authenticate(token_from(request))
    if token is None:
        raise AuthenticationRequired("Authentication required - Invalid token")
    request.ctx.token = token
    if request.method not in READ_METHODS and token.role != "editor":
        raise Forbidden(f"Forbidden - a '{token.role}' token cannot {request.method} "
                        f"{request.path}", role=token.role)


def require_base(request: Request, base_id: str) -> None:
    """403 when the caller's token is scoped to another base."""
    token: ApiToken | None = getattr(request.ctx, "token", None)
    if token is not None and token.base_id is not None and token.base_id != base_id:
        raise Forbidden("Forbidden - this token is scoped to another base")


async def guard_table(request: Request, table_id: str) -> TableSpec:
    """The table (TableNotFound if unknown), after checking the token may reach its base."""
    table = await table_spec(table_id, side=request.method in READ_METHODS)
    require_base(request, table.base_id)
    return table


def token_base(request: Request) -> str | None:
    token: ApiToken | None = getattr(request.ctx, "token", None)
    return None if token is None else token.base_id
