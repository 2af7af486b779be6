"""Time as the dispatcher sees it: an injectable ``Clock`` so tests never sleep for minutes.

Every timestamp the hooks code writes or compares (lease ends, next attempt, sent at) comes
from the clock, never from the database's own ``now()``, so a ``FakeClock`` moved forward by
a test makes retries due at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

UTC = dt.timezone.utc


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current time, timezone-aware UTC."""
        ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(UTC)


class FakeClock:
    """A clock that only moves when told to (``advance``)."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self._now = start or dt.datetime(2030, 1, 1, tzinfo=UTC)

    def now(self) -> dt.datetime:
        return self._now

    def advance(self, seconds: float) -> dt.datetime:
        self._now += dt.timedelta(seconds=seconds)
        return self._now


def seconds(value: float) -> dt.timedelta:
    return dt.timedelta(seconds=value)
