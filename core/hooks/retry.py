"""What to do after an attempt: success, retry later (and when), or give up.

Retried: network errors, timeouts, 408, 429 and 5xx. Any other status outside 2xx is final
(a 410 Gone, a 400 from a receiver that will never accept the body, a redirect that should be
fixed in the hook's URL). Delays follow ``SCHEDULE`` with ±``jitter`` so that many failed
deliveries do not return at the same instant; ``Retry-After`` is honoured by never retrying
earlier than it asks (capped at a day). After the last scheduled retry the delivery is dead.
"""

from __future__ import annotations

import datetime as dt
import random
from email.utils import parsedate_to_datetime
from enum import Enum

SCHEDULE: tuple[float, ...] = (10, 60, 300, 1800, 7200, 21600)
MAX_ATTEMPTS = len(SCHEDULE) + 1
MAX_RETRY_AFTER = 86400.0
RETRYABLE_STATUSES = frozenset({408, 429})


class Outcome(Enum):
    SUCCESS = "success"
    RETRY = "retry"
    FAILED = "failed"


def classify(status: int | None) -> Outcome:
    """``status`` None means the request never got a response (network error, timeout)."""
    if status is None or status in RETRYABLE_STATUSES or status >= 500:
        return Outcome.RETRY
    if 200 <= status < 300:
        return Outcome.SUCCESS
    return Outcome.FAILED


def retry_delay(attempt: int, retry_after: float | None = None, *, jitter: float = 0.2,
                rng: random.Random | None = None) -> float | None:
    """Seconds before attempt ``attempt + 1``, or None when ``attempt`` was the last one."""
    if attempt >= MAX_ATTEMPTS:
        return None
    base = SCHEDULE[attempt - 1] * (rng or random).uniform(1 - jitter, 1 + jitter)
    if retry_after is not None:
        return max(base, min(retry_after, MAX_RETRY_AFTER))
    return base


def parse_retry_after(value: str | None, now: dt.datetime) -> float | None:
    """``Retry-After`` as seconds from ``now``: delta-seconds or an HTTP date."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - now).total_seconds())
