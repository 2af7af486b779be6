"""``GET /api/v1/health`` → ``{"ok": true}``, without auth (for load balancers and scripts)."""

from __future__ import annotations

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

bp = Blueprint("health")


@bp.get("/api/v1/health", ctx_public=True)
async def health(request: Request) -> HTTPResponse:
    return json({"ok": True})
