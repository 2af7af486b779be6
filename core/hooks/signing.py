"""Request signing: ``X-Gridbase-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">``.

The signed text is the timestamp, a dot, and the exact request body bytes, keyed with the
hook's secret. Receivers check it with ``verify_signature`` (or the same few lines in any
language) and reject stale timestamps to defeat replays::

    from core.hooks import verify_signature

    ok = verify_signature(secret, request.headers["X-Gridbase-Signature"], await request.read())
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

SIGNATURE_HEADER = "X-Gridbase-Signature"
EVENT_HEADER = "X-Gridbase-Event"
DELIVERY_HEADER = "X-Gridbase-Delivery"
DEFAULT_TOLERANCE = 300


def new_secret() -> str:
    return "gbhs_" + secrets.token_urlsafe(32)


def _digest(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """The header value for ``body`` sent at ``timestamp`` (unix seconds)."""
    return f"t={timestamp},v1={_digest(secret, timestamp, body)}"


def _parse(header: str) -> tuple[int | None, list[str]]:
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == "v1" and value:
            signatures.append(value)
    return timestamp, signatures


def verify_signature(secret: str, header: str | None, body: bytes,
                     tolerance: float = DEFAULT_TOLERANCE, now: float | None = None) -> bool:
    """True when ``header`` signs ``body`` with ``secret`` and its timestamp is within
    ``tolerance`` seconds of ``now``. Several ``v1=`` values are accepted (secret rotation)."""
    if not header:
        return False
    timestamp, signatures = _parse(header)
    if timestamp is None or not signatures:
        return False
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        return False
    expected = _digest(secret, timestamp, body)
    return any(hmac.compare_digest(expected, s) for s in signatures)
