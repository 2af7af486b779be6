"""Webhooks on NocoDB's meta paths (v2, and the v1 ``/api/v1/db/meta`` alias), on core.hooks.

Bodies may be NocoDB-shaped — ``event: "after"`` + ``operation`` (one or a list),
``notification: {type: "URL", payload: {method, path, headers: [{name, value, enabled}],
parameters: [{name, value, enabled}], body}}``, ``filters`` (NocoDB filter objects) — or
gridbase's flat ``url``, ``method``, ``headers`` (object), ``events``, ``condition`` (a
``where`` string), ``active``, ``timeout`` (seconds), ``body`` (template). ``filters`` become
the condition and ``parameters`` the URL's query string (``core.hooks.nocodb``); NocoDB's
boolean ``condition: false`` means "no filter". ``POST …/tables/{t}/hooks/test`` sends a test
of an unsaved definition (``{hook: {…}, payload: {data: {rows, previous_rows}}}``).

Receiver credentials are for editor tokens only: the signing secret is in the reply to
create, to GET of one hook and to ``rotate-secret``; viewers see header names with masked
values, and URLs with masked query values and password, in hooks and in delivery logs.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from api.auth import guard_table
from api.body import first_arg, json_body, object_body
from api.serializers import iso
from core import hooks
from core.errors import InvalidRequest
from core.hooks.nocodb import filters_condition, with_parameters
from core.hooks.signing import DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER
from core.hooks.trial import try_definition
from core.models import Delivery, Webhook
from core.query.params import parse_limit, parse_offset
from core.records.listing import PageInfo
from core.schema.spec import TableSpec

bp = Blueprint("hooks")
PREFIXES = ("/api/v2/meta", "/api/v1/db/meta")
MASK = "••••"
_OWN_HEADERS = frozenset(h.lower() for h in (EVENT_HEADER, DELIVERY_HEADER, SIGNATURE_HEADER))


# --- credentials hidden from viewers -------------------------------------------------------
def masked_headers(headers: dict[str, str] | None) -> dict[str, str]:
    """Names kept, values hidden, except gridbase's own event/delivery/signature headers."""
    return {k: v if k.lower() in _OWN_HEADERS else MASK for k, v in (headers or {}).items()}


def masked_url(url: str) -> str:
    """``url`` with its password and query values hidden (API keys often travel there)."""
    parts = urlsplit(url or "")
    netloc = parts.netloc
    if parts.password is not None:
        netloc = f"{parts.username}:{MASK}@{netloc.rpartition('@')[2]}"
    query = "&".join(f"{p.partition('=')[0]}={MASK}" if "=" in p else p
                     for p in parts.query.split("&")) if parts.query else ""
    return urlunsplit(parts._replace(netloc=netloc, query=query))


# --- JSON out ------------------------------------------------------------------------------
def hook_json(h: Webhook, *, secret: bool = False, masked: bool = False) -> dict[str, Any]:
    """The hook as NocoDB and flat JSON; ``masked`` hides receiver credentials (viewers)."""
    values = masked_headers(h.headers) if masked else dict(h.headers or {})
    url = masked_url(h.url) if masked else h.url
    headers = [{"name": k, "value": v, "enabled": True} for k, v in values.items()]
    out = {
        "id": h.id, "fk_model_id": h.table_id, "title": h.title, "event": "after",
        "operation": [e.split(".", 1)[1] for e in h.events or []], "events": list(h.events or []),
        "version": "v2", "active": h.active, "url": url, "method": h.method,
        "headers": values, "condition": h.condition, "timeout": h.timeout_s,
        "body": h.body_template,
        "notification": {"type": "URL", "payload": {"method": h.method, "path": url,
                                                    "headers": headers, "parameters": [],
                                                    "body": h.body_template or ""}},
        "created_at": iso(h.created_at), "updated_at": iso(h.updated_at),
    }
    if secret:
        out["secret"] = h.secret
    return out


def delivery_json(d: Delivery, *, masked: bool = False) -> dict[str, Any]:
    """One attempt as NocoDB's hook log; ``masked`` hides receiver credentials (viewers)."""
    headers = masked_headers(d.request_headers) if masked else d.request_headers
    url = masked_url(d.url) if masked else d.url
    return {
        "id": d.id, "fk_hook_id": d.hook_id, "event_id": d.event_id, "type": d.event_type,
        "attempt": d.attempt, "status": d.status, "test_call": d.test_call,
        "payload": {"method": d.method, "url": url, "headers": headers,
                    "body": d.request_body},
        "response": {"status": d.response_status, "data": d.response_body},
        "execution_time": d.duration_ms, "error_message": d.error or None,
        "next_attempt_at": iso(d.next_attempt_at), "sent_at": iso(d.sent_at),
        "created_at": iso(d.created_at),
        "waiting_behind": w.as_json() if (w := getattr(d, "waiting_behind", None)) else None,
    }


def _page(items: list[dict[str, Any]], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"list": items, "pageInfo": PageInfo(total, limit, offset).as_json()}


def _shows_secret(request: Request) -> bool:
    """Editor tokens (and unauthenticated local use) see secrets and receiver credentials."""
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


def _condition(body: dict[str, Any], table: TableSpec) -> str | None:
    """The condition a body sets: a ``where`` string, or NocoDB ``filters`` (None = unchanged)."""
    condition, filters = body.get("condition"), body.get("filters")
    if isinstance(condition, str):
        if filters:
            raise InvalidRequest("Give either condition (a where string) or filters, not both",
                                 field="filters")
        return condition
    if condition is False:
        return ""  # NocoDB: the hook's filters are switched off
    return None if filters is None else filters_condition(table, filters)


def _url(body: dict[str, Any], note: dict[str, Any], current: str | None) -> str | None:
    url = body.get("url", note.get("path"))
    if "parameters" not in note:
        return url
    if not isinstance(url or current, str):
        raise InvalidRequest("parameters need the hook's URL (notification.payload.path)",
                             field="url")
    return with_parameters(url or current, note["parameters"])


def spec_changes(body: dict[str, Any], table: TableSpec,
                 current_url: str | None = None) -> dict[str, Any]:
    """``HookSpec`` fields present in a NocoDB-shaped or flat body (``current_url``: the saved
    URL that ``parameters`` apply to when the body gives none)."""
    note = _notification(body)
    sources = {"title": body.get("title"), "url": _url(body, note, current_url),
               "method": body.get("method", note.get("method")),
               "headers": _header_list(body.get("headers", note.get("headers"))),
               "body_template": body.get("body", note.get("body")),
               "active": body.get("active"), "timeout": body.get("timeout")}
    changes = {k: v for k, v in sources.items() if v is not None}
    if "body_template" in changes and changes["body_template"] == "":
        changes["body_template"] = None
    condition = _condition(body, table)
    if condition is not None:
        changes["condition"] = condition
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
    masked = not _shows_secret(request)
    items = [hook_json(h, masked=masked) for h in await hooks.list_hooks(table_id)]
    return json(_page(items, len(items), max(len(items), 1), 0))


async def create_hook(request: Request, table_id: str) -> HTTPResponse:
    table = await guard_table(request, table_id)
    changes = spec_changes(object_body(request), table)
    if "title" not in changes or "url" not in changes:
        raise InvalidRequest("A hook needs a title and a URL", field="title" if "title" not in changes else "url")
    hook = await hooks.create_hook(table_id, hooks.HookSpec(**changes))
    return json(hook_json(hook, secret=True))


async def one_hook(request: Request, hook_id: str) -> HTTPResponse:
    hook = await hooks.get_hook(hook_id)
    table = await guard_table(request, hook.table_id)
    if request.method == "PATCH":
        changes = spec_changes(object_body(request), table, hook.url)
        hook = await hooks.update_hook(hook_id, **changes)
    elif request.method == "DELETE":
        await hooks.delete_hook(hook_id)
        return json(True)
    trusted = _shows_secret(request)
    return json(hook_json(hook, secret=trusted, masked=not trusted))


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


async def test_definition(request: Request, table_id: str) -> HTTPResponse:
    """NocoDB's test of an unsaved hook: ``{hook: {…}, payload: {data: {rows: […]}}}``."""
    table = await guard_table(request, table_id)
    body = object_body(request)
    definition = body.get("hook", body)
    if not isinstance(definition, dict):
        raise InvalidRequest("hook must be the hook definition object", field="hook")
    changes = {"title": "Test hook", **spec_changes(definition, table)}
    if "url" not in changes:
        raise InvalidRequest("A hook needs a URL", field="url")
    sample = body.get("payload") if isinstance(body.get("payload"), dict) else None
    operation = body.get("operation")
    delivery = await try_definition(table_id, hooks.HookSpec(**changes),
                                    operation=str(operation) if operation else None,
                                    sample=sample, hook_id=_text_or_none(definition.get("id")))
    ok = delivery.status == "success"
    message = "The hook has been tested successfully" if ok else \
        f"The hook test failed: {delivery.error or 'no answer'}"
    return json({"msg": message, **delivery_json(delivery)})


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
    masked = not _shows_secret(request)
    return json(_page([delivery_json(d, masked=masked) for d in items], total, limit, offset))


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
    bp.add_route(test_definition, f"{p}/tables/<table_id:str>/hooks/test", methods=["POST"],
                 name=f"test_definition_{i}")
    bp.add_route(test_hook, f"{p}/hooks/<hook_id:str>/test", methods=["POST"], name=f"test_hook_{i}")
    bp.add_route(hook_logs, f"{p}/hooks/<hook_id:str>/logs", methods=["GET"], name=f"hook_logs_{i}")
    bp.add_route(replay, f"{p}/hooks/<hook_id:str>/replay", methods=["POST"], name=f"replay_hook_{i}")
    bp.add_route(rotate_secret, f"{p}/hooks/<hook_id:str>/rotate-secret", methods=["POST"],
                 name=f"rotate_secret_{i}")
    sample = f"{p}/tables/<table_id:str>/hooks/samplePayload/<operation:str>"
    bp.add_route(sample_payload, sample, methods=["GET"], name=f"sample_payload_{i}")
    bp.add_route(sample_payload, f"{sample}/<version:str>", methods=["GET"],
                 name=f"sample_payload_v_{i}")
