"""One attempt: build the signed request for a delivery, send it, and judge the answer.

Headers: ``Content-Type: application/json`` (unless the hook sets its own), a
``User-Agent``, the hook's headers, then ``X-Gridbase-Event`` (the envelope type),
``X-Gridbase-Delivery`` (this attempt's id) and ``X-Gridbase-Signature``. The hook's current
URL, method, headers and template are used, so fixing a hook fixes its pending retries too.
A destination the SSRF guard refuses is final: the attempt is ``dead`` at once (``failed`` for
a test send) with the guard's message as its error.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Any

from core import __version__
from core.hooks.clock import Clock, seconds
from core.hooks.payload import body_of
from core.hooks.queue import Attempt
from core.hooks.retry import Outcome, classify, parse_retry_after, retry_delay
from core.hooks.signing import DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, sign
from core.hooks.template import TemplateError
from core.hooks.transport import (DestinationRefused, HookRequest, HookResponse, HookTransport,
                                  TransportError)
from core.models import Delivery, Webhook

USER_AGENT = f"gridbase-webhooks/{__version__}"


@dataclass(frozen=True)
class Policy:
    """How failures are retried (``retries=False`` for test sends)."""

    retries: bool = True
    jitter: float = 0.2
    rng: random.Random | None = None


def build_request(hook: Webhook, delivery_id: int | None, payload: dict[str, Any],
                  now_unix: int) -> HookRequest:
    body = body_of(hook, payload)
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
    custom = dict(hook.headers or {})
    if any(k.lower() == "content-type" for k in custom):
        headers.pop("Content-Type")
    headers.update(custom)
    headers[EVENT_HEADER] = str(payload.get("type", ""))
    headers[DELIVERY_HEADER] = str(delivery_id or 0)
    headers[SIGNATURE_HEADER] = sign(hook.secret, body, now_unix)
    return HookRequest(hook.method, hook.url, headers, body, hook.timeout_s)


@dataclass(frozen=True)
class _Exchange:
    response: HookResponse | None
    error: str
    duration_ms: float
    refused: bool = False
    """The SSRF guard refused the destination: final, whatever the policy."""


async def _exchange(transport: HookTransport, request: HookRequest) -> _Exchange:
    started = time.perf_counter()
    try:
        response, error, refused = await transport.send(request), "", False
    except DestinationRefused as exc:
        response, error, refused = None, str(exc), True
    except TransportError as exc:
        response, error, refused = None, str(exc) or "request failed", False
    return _Exchange(response, error, (time.perf_counter() - started) * 1000, refused)


def _judge(delivery: Delivery, sent: _Exchange, clock: Clock, policy: Policy) -> tuple[str, Any]:
    """(status, next attempt time or None). A refused destination is dead at once (a test
    send, which is never retried, is ``failed``)."""
    response = sent.response
    if sent.refused:
        return ("dead" if policy.retries else "failed"), None
    outcome = classify(response.status if response else None)
    if outcome is Outcome.SUCCESS:
        return "success", None
    if outcome is Outcome.FAILED or not policy.retries:
        return "failed", None
    after = parse_retry_after(response.headers.get("retry-after") if response else None, clock.now())
    delay = retry_delay(delivery.attempt, after, jitter=policy.jitter, rng=policy.rng)
    if delay is None:
        return "dead", None
    return "retry", clock.now() + seconds(delay)


async def attempt(hook: Webhook, delivery: Delivery, payload: dict[str, Any],
                  transport: HookTransport, clock: Clock, policy: Policy = Policy()) -> Attempt:
    """Send ``payload`` for ``delivery`` once and describe the result (nothing is stored)."""
    sent_at = clock.now()
    try:  # The signature carries wall-clock time: the receiver compares it with its own clock.
        request = build_request(hook, delivery.id, payload, int(time.time()))
    except TemplateError as exc:  # final until the hook's body is fixed (then: retry now)
        return Attempt(delivery, "failed", hook.url, hook.method, error=exc.message,
                       sent_at=sent_at)
    sent = await _exchange(transport, request)
    status, next_at = _judge(delivery, sent, clock, policy)
    response, error = sent.response, sent.error
    if response is not None and status != "success":
        error = f"HTTP {response.status}"
    return Attempt(
        delivery=delivery, status=status, url=request.url, method=request.method,
        request_headers=request.headers, request_body=request.body.decode("utf-8", "replace"),
        response_status=response.status if response else None,
        response_body=response.body if response else "", duration_ms=round(sent.duration_ms, 3),
        error=error, sent_at=sent_at, next_attempt_at=next_at,
    )
