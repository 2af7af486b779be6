"""What a webhook is made of (``HookSpec``) and the rules its settings must follow.

Events are stored as ``after.insert`` / ``after.update`` / ``after.delete``; NocoDB spellings
(``insert``, ``bulkInsert``, ``records.after.bulkUpdate`` …) are accepted and folded onto
them, because a bulk operation counts as its base operation. URLs must be absolute http(s),
and a literal IP must be one the SSRF guard allows (``guard``).
Header names our signature headers use, and hop-by-hop headers, cannot be overridden.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from core.errors import InvalidRequest
from core.hooks.guard import literal_refusal
from core.hooks.template import check as check_template

EVENTS = ("after.insert", "after.update", "after.delete")
METHODS = ("POST", "PUT", "PATCH", "DELETE", "GET")
MAX_TIMEOUT = 60.0
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_RESERVED = frozenset({"host", "content-length", "transfer-encoding", "connection",
                       "x-gridbase-signature", "x-gridbase-event", "x-gridbase-delivery"})


@dataclass(frozen=True)
class HookSpec:
    title: str
    url: str
    events: tuple[str, ...] = ("after.insert",)
    method: str = "POST"
    headers: dict[str, str] = field(default_factory=dict)
    condition: str = ""
    active: bool = True
    timeout: float = 10.0
    body_template: str | None = None


def _invalid(message: str, name: str) -> InvalidRequest:
    return InvalidRequest(message, field=name)


def operation_of(event: str) -> str | None:
    """``records.after.bulkInsert`` / ``after.insert`` / ``bulkinsert`` → ``insert``."""
    op = event.strip().rsplit(".", 1)[-1].lower()
    if op.startswith("bulk"):
        op = op[4:]
    return op if op in ("insert", "update", "delete") else None


def clean_events(values: Any) -> tuple[str, ...]:
    items = [values] if isinstance(values, str) else values
    if not isinstance(items, Iterable) or isinstance(items, Mapping):
        raise _invalid("events must be a list such as [\"after.insert\"]", "events")
    chosen: set[str] = set()
    for item in items:
        op = operation_of(item) if isinstance(item, str) else None
        if op is None:
            raise _invalid(f"unknown hook event {item!r}; use {', '.join(EVENTS)}", "events")
        chosen.add(f"after.{op}")
    if not chosen:
        raise _invalid("a hook needs at least one event", "events")
    return tuple(e for e in EVENTS if e in chosen)


def clean_url(value: Any) -> str:
    text = value.strip() if isinstance(value, str) else ""
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise _invalid(f"Invalid URL: {value!r} (an absolute http:// or https:// URL is required)",
                       "url")
    if any(ch.isspace() for ch in text) or len(text) > 2048:
        raise _invalid(f"Invalid URL: {value!r}", "url")
    refused = literal_refusal(parts.hostname)
    if refused:
        raise _invalid(f"Hooks may not call {parts.hostname}: {refused}", "url")
    return text


def clean_method(value: Any) -> str:
    method = value.strip().upper() if isinstance(value, str) else ""
    if method not in METHODS:
        raise _invalid(f"method must be one of {', '.join(METHODS)}", "method")
    return method


def clean_headers(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise _invalid("headers must be an object of name → value", "headers")
    out: dict[str, str] = {}
    for name, raw in value.items():
        text = "" if raw is None else str(raw)
        if not isinstance(name, str) or not _TOKEN.match(name) or "\r" in text or "\n" in text:
            raise _invalid(f"invalid header {name!r}", "headers")
        if name.lower() in _RESERVED:
            raise _invalid(f"header {name!r} is set by gridbase and cannot be overridden", "headers")
        out[name] = text
    return out


def clean_timeout(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= MAX_TIMEOUT:
        raise _invalid(f"timeout must be a number of seconds above 0 and at most {MAX_TIMEOUT:g}",
                       "timeout")
    return float(value)


def clean_title(value: Any) -> str:
    title = value.strip() if isinstance(value, str) else ""
    if not title or len(title) > 255:
        raise _invalid("a hook needs a title (at most 255 characters)", "title")
    return title


def clean(spec: HookSpec) -> HookSpec:
    """``spec`` with every setting checked and normalised (raises InvalidRequest)."""
    if spec.body_template is not None and not isinstance(spec.body_template, str):
        raise _invalid("body must be a string template", "body")
    check_template(spec.body_template)  # an unknown helper is refused now, not at send time
    if spec.condition is not None and not isinstance(spec.condition, str):
        raise _invalid("condition must be a where string such as (Status,eq,Done)", "condition")
    return HookSpec(
        title=clean_title(spec.title), url=clean_url(spec.url), events=clean_events(spec.events),
        method=clean_method(spec.method), headers=clean_headers(spec.headers),
        condition=(spec.condition or "").strip(),
        active=bool(spec.active), timeout=clean_timeout(spec.timeout),
        body_template=spec.body_template or None,
    )
