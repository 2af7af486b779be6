"""Webhooks as objects: create, list, read, change, delete, and rotate the signing secret.

Both faces call these. Settings are checked by ``spec.clean`` and the condition by the query
compiler (a bad ``where`` is the same 422 as on a list request). A new hook gets a random
secret and only receives events that happen after it was created.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from core.errors import HookNotFound
from core.hooks.conditions import check_condition
from core.hooks.signing import new_secret
from core.hooks.spec import HookSpec, clean
from core.ids import new_id
from core.models import Event, Webhook
from core.schema.tables import load_table

EDITABLE = frozenset(HookSpec.__dataclass_fields__)


async def latest_event_id() -> int:
    ids = await Event.all().order_by("-id").limit(1).values_list("id", flat=True)
    return int(ids[0]) if ids else 0


async def checked(table_id: str, spec: HookSpec) -> HookSpec:
    """``spec`` cleaned, with its condition compiled against the table (raises 422)."""
    table = await load_table(table_id)
    spec = clean(spec)
    check_condition(table, spec.condition)
    return spec


def columns(spec: HookSpec) -> dict[str, Any]:
    return {"title": spec.title, "url": spec.url, "events": list(spec.events),
            "method": spec.method, "headers": spec.headers, "condition": spec.condition,
            "active": spec.active, "timeout_s": spec.timeout, "body_template": spec.body_template}


async def create_hook(table_id: str, spec: HookSpec) -> Webhook:
    spec = await checked(table_id, spec)
    return await Webhook.create(id=new_id("hook"), table_id=table_id, secret=new_secret(),
                                since_event_id=await latest_event_id(), **columns(spec))


async def list_hooks(table_id: str) -> list[Webhook]:
    await load_table(table_id)
    return await Webhook.filter(table_id=table_id).order_by("created_at", "id")


async def get_hook(hook_id: str) -> Webhook:
    hook = await Webhook.get_or_none(id=hook_id)
    if hook is None:
        raise HookNotFound(f"Hook '{hook_id}' not found", hook=hook_id)
    return hook


def spec_of(hook: Webhook) -> HookSpec:
    return HookSpec(title=hook.title, url=hook.url, events=tuple(hook.events or ()),
                    method=hook.method, headers=dict(hook.headers or {}),
                    condition=hook.condition or "", active=hook.active,
                    timeout=hook.timeout_s, body_template=hook.body_template)


async def update_hook(hook_id: str, **changes: Any) -> Webhook:
    """Change some settings (keywords are ``HookSpec`` fields); the rest stay as they are."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise TypeError(f"not hook settings: {', '.join(sorted(unknown))}")
    hook = await get_hook(hook_id)
    spec = await checked(hook.table_id, replace(spec_of(hook), **changes))
    if spec.active and not hook.active:
        hook.since_event_id = await latest_event_id()  # no flood of what happened while off
    for name, value in columns(spec).items():
        setattr(hook, name, value)
    await hook.save()
    return hook


async def delete_hook(hook_id: str) -> None:
    hook = await get_hook(hook_id)
    await hook.delete()


async def rotate_secret(hook_id: str) -> Webhook:
    hook = await get_hook(hook_id)
    hook.secret = new_secret()
    await hook.save(update_fields=["secret", "updated_at"])
    return hook
