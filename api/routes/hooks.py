"""Webhooks on NocoDB's meta paths (v2, and the v1 ``/api/v1/db/meta`` alias), on core.hooks.

Bodies may be NocoDB-shaped — ``event: "after"`` + ``operation`` (one or a list),
``notification: {type: "URL", payload: {method, path, headers: [{name, value, enabled}],
body}}`` — or gridbase's flat ``url``, ``method``, ``headers`` (object), ``events``,
``condition`` (a ``where`` string), ``active``, ``timeout`` (seconds), ``body`` (template).
NocoDB's boolean ``condition`` (filters kept elsewhere) is ignored. The signing secret is in
the reply to create, to GET of one hook and to ``rotate-secret``, for editor tokens only.
"""

from __future__ import annotations

from typing import Any

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from api.auth import guard_table
from api.body import first_arg, json_body, object_body
from api.serializers import iso
from core import hooks
from core.errors import InvalidRequest
from core.models import Delivery, Webhook
from core.query.params import parse_limit, parse_offset
from core.records.listing import PageInfo

bp = Blueprint("hooks")
PREFIXES = ("/api/v2/meta", "/api/v1/db/meta")


# --- JSON out ------------------------------------------------------------------------------
def hook_json(h: Webhook, *, secret: bool = False) -> dict[str, Any]:
    headers = [{"name": k, "value": v, "enabled": True} for k, v in (h.headers or {}).items()]
    out = {
        "id": h.id, "fk_model_id": h.table_id, "title": h.title, "event": "after",
        "operation": [e.split(".", 1)[1] for e in h.events or []], "events": list(h.events or []),
        "version": "v2", "active": h.active, "url": h.url, "method": h.method,
        "headers": dict(h.headers or {}), "condition": h.condition, "timeout": h.timeout_s,
        "body": h.body_template,
        "notification": {"type": "URL", "payload": {"method": h.method, "path": h.url,
                                                    "headers": headers, "parameters": [],
                                                    "body": h.body_template or ""}},
        "created_at": iso(h.created_at), "updated_at": iso(h.updated_at),
    }
    if secret:
        out["secret"] = h.secret
    return out


def delivery_json(d: Delivery) -> dict[str, Any]:
    return {
        "id": d.id, "fk_hook_id": d.hook_id, "event_id": d.event_id, "type": d.event_type,
        "attempt": d.attempt, "status": d.status, "test_call": d.test_call,
        "payload": {"method": d.method, "url": d.url, "headers": d.request_headers,
                    "body": d.request_body},
        "response": {"status": d.response_status, "data": d.response_body},
        "execution_time": d.duration_ms, "error_message": d.error or None,
        "next_attempt_at": iso(d.next_attempt_at), "sent_at": iso(d.sent_at),
        "created_at": iso(d.created_at),
    }


def _page(items: list[dict[str, Any]], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"list": items, "pageInfo": PageInfo(total, limit, offset).as_json()}


def _shows_secret(request: Request) -> bool:
    token = getattr(request.ctx, "token", None)
    return token is None or token.role == "editor"


# --- JSON in -------------------------------------------------------------------------------
def _header_list(items: Any) -> Any:
    if not isinstance(items, list):
        return items
    pairs = [i for i in items if isinstance(i, dict) and i.get("enabled", True) and i.get("name")]
    return {str(i["name"]): "" if i.get("value") is None else str(i["value"]) for i in pairs}


def _events(body: dict[str, Any]) -> Any:
    if "events" in body:
        return body["events"]
    if body.get("event", "after") != "after":
        raise InvalidRequest("Only 'after' hooks are supported", field="event")
    return body["operation"]


def _notification(body: dict[str, Any]) -> dict[str, Any]:
    note = body.get("notification")
    if note is None:
        return {}
    if not isinstance(note, dict) or note.get("type", "URL") != "URL":
        raise InvalidRequest("Only URL notifications are supported", field="notification")
    payload = note.get("payload") or {}
    return payload if isinstance(payload, dict) else {}


def spec_changes(body: dict[str, Any]) -> dict[str, Any]:
    """``HookSpec`` fields present in a NocoDB-shaped or flat body."""
    note = _notification(body)
    sources = {"title": body.get("title"), "url": body.get("url", note.get("path")),
               "method": body.get("method", note.get("method")),
               "headers": _header_list(body.get("headers", note.get("headers"))),
               "body_template": body.get("body", note.get("body")),
               "active": body.get("active"), "timeout": body.get("timeout")}
    changes = {k: v for k, v in sources.items() if v is not None}
    if "body_template" in changes and changes["body_template"] == "":
        changes["body_template"] = None
    if isinstance(body.get("condition"), str):
        changes["condition"] = body["condition"]
    if "events" in body or "operation" in body:
        changes["events"] = _events(body)
    return changes


# --- guards --------------------------------------------------------------------------------
async def _guard_hook(request: Request, hook_id: str) -> Webhook:
    hook = await hooks.get_hook(hook_id)
    await guard_table(request, hook.table_id)
    return hook


# --- handlers ------------------------------------------------------------------------------
async def list_hooks(request: Request, table_id: str) -> HTTPResponse:
    await guard_table(request, table_id)
    items = [hook_json(h) for h in await hooks.list_hooks(table_id)]
    return json(_page(items, len(items), max(len(items), 1), 0))


async def create_hook(request: Request, table_id: str) -> HTTPResponse:
    await guard_table(request, table_id)
    changes = spec_changes(object_body(request))
    if "title" not in changes or "url" not in changes:
        raise InvalidRequest("A hook needs a title and a URL", field="title" if "title" not in changes else "url")
    hook = await hooks.create_hook(table_id, hooks.HookSpec(**changes))
    return json(hook_json(hook, secret=True))


async def one_hook(request: Request, hook_id: str) -> HTTPResponse:
    hook = await _guard_hook(request, hook_id)
    if request.method == "PATCH":
        hook = await hooks.update_hook(hook_id, **spec_changes(object_body(request)))
    elif request.method == "DELETE":
        await hooks.delete_hook(hook_id)
        return json(True)
    return json(hook_json(hook, secret=_shows_secret(request)))


async def test_hook(request: Request, hook_id: str) -> HTTPResponse:
    await _guard_hook(request, hook_id)
    body = json_body(request, required=False) or {}
    operation = body.get("operation", "insert") if isinstance(body, dict) else "insert"
    delivery = await hooks.test_hook(hook_id, str(operation))
    return json(delivery_json(delivery))


async def hook_logs(request: Request, hook_id: str) -> HTTPResponse:
    await _guard_hook(request, hook_id)
    limit = parse_limit(first_arg(request, "limit"), maximum=request.app.ctx.settings.max_limit)
    offset = parse_offset(first_arg(request, "offset"))
    items, total = await hooks.list_deliveries(hook_id, limit, offset)
    return json(_page([delivery_json(d) for d in items], total, limit, offset))


async def replay(request: Request, hook_id: str) -> HTTPResponse:
    await _guard_hook(request, hook_id)
    body = object_body(request)
    delivery = await hooks.replay(hook_id, event_id=body.get("event_id"),
                                  delivery_id=body.get("delivery_id", body.get("id")))
    return json(delivery_json(delivery))


async def rotate_secret(request: Request, hook_id: str) -> HTTPResponse:
    await _guard_hook(request, hook_id)
    return json(hook_json(await hooks.rotate_secret(hook_id), secret=True))


async def sample_payload(request: Request, table_id: str, operation: str,
                         version: str | None = None) -> HTTPResponse:
    await guard_table(request, table_id)
    return json(await hooks.sample_payload(table_id, operation))


for i, p in enumerate(PREFIXES):
    bp.add_route(list_hooks, f"{p}/tables/<table_id:str>/hooks", methods=["GET"], name=f"list_hooks_{i}")
    bp.add_route(create_hook, f"{p}/tables/<table_id:str>/hooks", methods=["POST"], name=f"create_hook_{i}")
    bp.add_route(one_hook, f"{p}/hooks/<hook_id:str>", methods=["GET", "PATCH", "DELETE"],
                 name=f"one_hook_{i}")
    bp.add_route(test_hook, f"{p}/hooks/<hook_id:str>/test", methods=["POST"], name=f"test_hook_{i}")
    bp.add_route(hook_logs, f"{p}/hooks/<hook_id:str>/logs", methods=["GET"], name=f"hook_logs_{i}")
    bp.add_route(replay, f"{p}/hooks/<hook_id:str>/replay", methods=["POST"], name=f"replay_hook_{i}")
    bp.add_route(rotate_secret, f"{p}/hooks/<hook_id:str>/rotate-secret", methods=["POST"],
                 name=f"rotate_secret_{i}")
    sample = f"{p}/tables/<table_id:str>/hooks/samplePayload/<operation:str>"
    bp.add_route(sample_payload, sample, methods=["GET"], name=f"sample_payload_{i}")
    bp.add_route(sample_payload, f"{sample}/<version:str>", methods=["GET"],
                 name=f"sample_payload_v_{i}")
