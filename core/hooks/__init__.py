"""Webhooks: durable, signed, retried and logged, delivered from the change feed.

Public surface (both faces use only these):

* hooks — ``HookSpec``, ``create_hook``, ``list_hooks``, ``get_hook``, ``update_hook``,
  ``delete_hook``, ``rotate_secret`` (``service``);
* actions — ``test_hook``, ``replay``, ``list_deliveries``, ``sample_payload`` (``actions``);
* delivery — ``start_dispatcher`` / ``Dispatcher`` (``dispatcher``), with injectable
  ``Clock`` and ``HookTransport``;
* receivers — ``verify_signature`` (``signing``).

How it fits: every records mutation appends an ``Event`` in its own transaction (the outbox).
The dispatcher turns unflagged events into ``Delivery`` rows (``fanout``), claims due ones
under a lease (``queue``), sends them signed (``sender``), and records each attempt, retrying
with backoff (``retry``) until success, a final failure, or death after the last retry.
"""

from core.hooks.actions import list_deliveries, replay, sample_payload, test_hook
from core.hooks.clock import Clock, FakeClock, SystemClock
from core.hooks.dispatcher import Dispatcher, DispatcherConfig, start_dispatcher
from core.hooks.service import (
    create_hook, delete_hook, get_hook, list_hooks, rotate_secret, update_hook,
)
from core.hooks.signing import sign, verify_signature
from core.hooks.spec import EVENTS, HookSpec
from core.hooks.transport import (
    AiohttpTransport, HookRequest, HookResponse, HookTransport, RecordingTransport, TransportError,
)

__all__ = [
    "AiohttpTransport", "Clock", "Dispatcher", "DispatcherConfig", "EVENTS", "FakeClock",
    "HookRequest", "HookResponse", "HookSpec", "HookTransport", "RecordingTransport",
    "SystemClock", "TransportError", "create_hook", "delete_hook", "get_hook", "list_deliveries",
    "list_hooks", "replay", "rotate_secret", "sample_payload", "sign", "start_dispatcher",
    "test_hook", "update_hook", "verify_signature",
]
