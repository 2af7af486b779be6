"""The delivery log as the TUI reads it: the latest attempts of a table's hooks, each hook's
last attempt, and one attempt in full.

Cheap on purpose, because the webhooks screen polls it about once a second: the table's hook
ids first (a handful), then one ``ORDER BY id DESC LIMIT n`` over ``gb_delivery`` reading
only the summary columns — request and response bodies are read for the detail view alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tortoise.functions import Max

from core.hooks.actions import DeliveryNotFound
from core.models import Delivery, Webhook

_SUMMARY = ("id", "hook_id", "event_type", "attempt", "status", "response_status", "error",
            "duration_ms", "test_call", "created_at", "sent_at", "next_attempt_at")


@dataclass(frozen=True)
class DeliveryLine:
    """One attempt, as a log line."""

    id: int
    hook_id: str
    hook_title: str
    event_type: str
    attempt: int
    status: str
    response_status: int | None
    error: str
    duration_ms: float | None
    test_call: bool
    at: dt.datetime
    next_attempt_at: dt.datetime | None

    @property
    def outcome(self) -> str:
        """``200``, ``HTTP 503``-style errors, or the status while nothing was sent yet."""
        if self.response_status is not None:
            return str(self.response_status)
        return self.error or self.status

    @property
    def short_outcome(self) -> str:
        """``outcome`` for a narrow column: an error's kind (``ClientConnectorError``) without
        its long message (the detail view has it), at most 22 characters."""
        text = self.outcome.split(":", 1)[0].strip() if self.error else self.outcome
        return text if len(text) <= 22 else text[:21] + "…"


def _line(row: dict[str, Any], titles: dict[str, str]) -> DeliveryLine:
    return DeliveryLine(
        id=int(row["id"]), hook_id=row["hook_id"], hook_title=titles.get(row["hook_id"], "?"),
        event_type=row["event_type"] or "", attempt=int(row["attempt"]), status=row["status"],
        response_status=row["response_status"], error=row["error"] or "",
        duration_ms=row["duration_ms"], test_call=bool(row["test_call"]),
        at=row["sent_at"] or row["created_at"], next_attempt_at=row["next_attempt_at"])


async def _titles(table_id: str) -> dict[str, str]:
    rows = await Webhook.filter(table_id=table_id).values_list("id", "title")
    return {hook_id: title for hook_id, title in rows}


async def latest_deliveries(table_id: str, limit: int = 50) -> list[DeliveryLine]:
    """The newest ``limit`` attempts of the table's hooks, newest first."""
    titles = await _titles(table_id)
    if not titles:
        return []
    rows = await Delivery.filter(hook_id__in=list(titles)).order_by("-id").limit(limit) \
        .values(*_SUMMARY)
    return [_line(r, titles) for r in rows]


async def last_delivery_by_hook(table_id: str) -> dict[str, DeliveryLine]:
    """Each of the table's hooks that has attempts → its newest attempt."""
    titles = await _titles(table_id)
    if not titles:
        return {}
    newest = await Delivery.filter(hook_id__in=list(titles)).annotate(last=Max("id")) \
        .group_by("hook_id").values_list("last", flat=True)
    rows = await Delivery.filter(id__in=[int(i) for i in newest]).values(*_SUMMARY)
    return {r["hook_id"]: _line(r, titles) for r in rows}


async def get_delivery(delivery_id: int) -> Delivery:
    """One attempt with everything (request headers and body, response), its hook loaded."""
    delivery = await Delivery.filter(id=delivery_id).select_related("hook").first()
    if delivery is None:
        raise DeliveryNotFound(f"Delivery '{delivery_id}' not found", delivery=delivery_id)
    return delivery
