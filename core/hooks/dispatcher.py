"""The webhook dispatcher: an asyncio task that fans new events out into deliveries and sends
them, in the API server (``gridbase serve``) and in the TUI when it runs alone.

Each round: fan out undispatched events (``fanout``), then for every hook with due work claim
its due replays and the due prefix of its queue (``queue``) and send them in order, hooks in
parallel, one hook's deliveries one after another. A retry stops the hook's batch (later events
wait behind it) unless it is a replay's; a replay answered 2xx makes a backing-off head due
now (``queue.resume``: the receiver is back, so the events behind it need not wait out its
backoff). Results are written every ``flush_interval`` and at the end of the batch. Between rounds the
task sleeps ``poll_interval``, or less: a saved ``Event`` in this process wakes it at once.
Every ``prune_interval`` it also prunes the delivery log and old events (``retention``).

Several dispatchers — workers, servers, a TUI — may run against one database: leases keep
them from sending the same attempt twice (see ``queue``). One ``HookTransport`` (one aiohttp
session, one connection pool) serves a dispatcher. Tortoise must be open (with global
fallback, as ``core.db.open_store`` does) before ``start``.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import secrets
import socket
import time
import weakref
from collections.abc import Awaitable
from dataclasses import dataclass, replace
from typing import Any

from tortoise.signals import Signals

from core.hooks import queue, retention
from core.hooks.clock import Clock, SystemClock, seconds
from core.hooks.fanout import LEASE_MARGIN, Lease, fan_out, lease_for
from core.hooks.payload import event_envelope
from core.hooks.queue import Attempt, Claim
from core.hooks.sender import Policy, attempt
from core.hooks.transport import AiohttpTransport, HookTransport
from core.models import Delivery, Event, Webhook

log = logging.getLogger("gridbase.hooks")
_WAKE_SETTLE = 0.003
_live: "weakref.WeakSet[Dispatcher]" = weakref.WeakSet()


@dataclass(frozen=True)
class DispatcherConfig:
    """Tuning; the defaults suit a server. Times are seconds."""

    poll_interval: float = 0.1
    lease_seconds: float = 30.0
    batch_size: int = 100
    fanout_batch: int = 500
    max_parallel_hooks: int = 16
    flush_interval: float = 0.25
    jitter: float = 0.2
    keep_per_hook: int = 1000
    """Finished attempts kept per hook in the delivery log (0: no limit; see ``retention``)."""
    keep_days: float = 30.0
    """Finished attempts older than this are pruned (0: no limit)."""
    event_keep_days: float = 7.0
    """Events older than this are pruned once fanned out and unreferenced (0: keep for ever)."""
    prune_interval: float = 300.0

    @classmethod
    def from_env(cls) -> "DispatcherConfig":
        """``GRIDBASE_HOOK_LEASE_S``, ``GRIDBASE_HOOK_POLL_S``, ``GRIDBASE_HOOK_KEEP_LOGS``,
        ``GRIDBASE_HOOK_KEEP_DAYS`` and ``GRIDBASE_EVENT_KEEP_DAYS`` override the defaults."""
        config = cls()
        for name, attr, kind in (("GRIDBASE_HOOK_LEASE_S", "lease_seconds", float),
                                 ("GRIDBASE_HOOK_POLL_S", "poll_interval", float),
                                 ("GRIDBASE_HOOK_KEEP_LOGS", "keep_per_hook", int),
                                 ("GRIDBASE_HOOK_KEEP_DAYS", "keep_days", float),
                                 ("GRIDBASE_EVENT_KEEP_DAYS", "event_keep_days", float)):
            if os.environ.get(name):
                config = replace(config, **{attr: kind(os.environ[name])})
        return config


class Dispatcher:
    def __init__(self, *, transport: HookTransport | None = None, clock: Clock | None = None,
                 config: DispatcherConfig | None = None, rng: random.Random | None = None) -> None:
        self.transport = transport or AiohttpTransport()
        self.clock = clock or SystemClock()
        self.config = config or DispatcherConfig.from_env()
        self.policy = Policy(jitter=self.config.jitter, rng=rng)
        self.owner = f"{socket.gethostname()[:32]}:{os.getpid()}:{secrets.token_hex(4)}"
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._scanned = 0.0
        self._pruned = time.monotonic()
        _live.add(self)

    # --- one round ------------------------------------------------------------------------
    async def run_once(self) -> int:
        """Fan out and deliver what is due now; return the amount of work done (0 = idle)."""
        lease = Lease(self.owner, self.config.lease_seconds)
        fanned = await fan_out(self.clock.now(), self.config.fanout_batch, lease)
        jobs = [self._deliver(fanned.hooks[c.hook_id], c, fanned.events) for c in fanned.claims]
        if self._scan_due(bool(fanned.claims)):
            taken = {c.hook_id for c in fanned.claims}
            due = await queue.hooks_with_due_work(self.clock.now())
            jobs += [self._work_hook(h) for h in due if h not in taken]
        gate = asyncio.Semaphore(self.config.max_parallel_hooks)

        async def gated(job: Awaitable[int]) -> int:
            async with gate:
                return await job

        results = await asyncio.gather(*(gated(j) for j in jobs), return_exceptions=True)
        for failure in (r for r in results if isinstance(r, BaseException)):
            log.error("webhook delivery batch failed", exc_info=failure)
        return fanned.flagged + sum(r for r in results if isinstance(r, int))

    def _scan_due(self, busy: bool) -> bool:
        """Look for due retries every round when idle, every ``poll_interval`` when busy."""
        if busy and time.monotonic() - self._scanned < self.config.poll_interval:
            return False
        self._scanned = time.monotonic()
        return True

    async def run_until_idle(self, max_rounds: int = 1000) -> int:
        """Run rounds until one does nothing (tests, and the TUI's "deliver now")."""
        total = 0
        for _ in range(max_rounds):
            done = await self.run_once()
            total += done
            if not done:
                break
        return total

    async def _work_hook(self, hook_id: str) -> int:
        hook = await Webhook.filter(id=hook_id).select_related("table").first()
        if hook is None:
            return 0
        claim = await queue.claim(hook_id, self.owner, self.clock.now(),
                                  lease_for(hook, self.config.lease_seconds), self.config.batch_size)
        return 0 if claim is None else await self._deliver(hook, claim, {})

    # --- one claimed batch ----------------------------------------------------------------
    async def _deliver(self, hook: Webhook, claim: Claim, events: dict[int, Event]) -> int:
        missing = [d.event_id for d in claim.deliveries if d.event_id not in events]
        if missing:
            events = {**events, **{e.id: e for e in await Event.filter(id__in=missing)}}
        table_name = hook.table.title
        pending, done, sent, answered = list(claim.deliveries), [], 0, False
        flushed = time.monotonic()
        while pending and not self._stopping and self._lease_left(claim, hook):
            result = await self._attempt(hook, pending.pop(0), events, table_name)
            done.append(result)
            answered |= result.delivery.replay and result.status == "success"
            if result.status == "retry" and not result.delivery.replay:
                break
            if time.monotonic() - flushed > self.config.flush_interval:
                await queue.record(claim.owner, done)
                sent, done, flushed = sent + len(done), [], time.monotonic()
        await queue.record(claim.owner, done, [d.id for d in pending])
        if answered:
            await queue.resume(hook.id, self.clock.now())
        return sent + len(done)

    def _lease_left(self, claim: Claim, hook: Webhook) -> bool:
        """Room for one more request (its timeout plus a margin) before the lease ends."""
        return self.clock.now() + seconds(hook.timeout_s + LEASE_MARGIN) < claim.lease_until

    async def _attempt(self, hook: Webhook, delivery: Delivery, events: dict[int, Event],
                       table_name: str) -> Attempt:
        event = events.get(delivery.event_id) if delivery.event_id is not None else None
        if not hook.active:
            return Attempt(delivery, "cancelled", hook.url, hook.method, error="hook is inactive")
        if event is None:
            return Attempt(delivery, "failed", hook.url, hook.method, error="event no longer exists")
        payload = event_envelope(event, table_name, delivery.rows_selected)
        return await attempt(hook, delivery, payload, self.transport, self.clock, self.policy)

    # --- the background task --------------------------------------------------------------
    def wake(self) -> None:
        self._wake.set()

    async def start(self) -> "Dispatcher":
        if self._task is None:
            self._stopping = False
            self._task = asyncio.create_task(self._loop(), name="gridbase-hooks")
        return self

    async def stop(self, grace: float = 5.0) -> None:
        """Finish the current request (up to ``grace`` seconds), then stop and close."""
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._task), grace)
            except asyncio.TimeoutError:
                self._task.cancel()
                await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        await self.transport.close()
        _live.discard(self)

    async def prune(self) -> retention.Pruned:
        """Apply the delivery-log and event retention now. A prune that stopped at its batch
        limit makes the next one due at once, so a backlog goes between delivery rounds."""
        self._pruned = time.monotonic()
        pruned = await retention.prune(self.clock.now(), self.config.keep_per_hook,
                                       self.config.keep_days, self.config.event_keep_days)
        if pruned.more:
            self._pruned = float("-inf")
        return pruned

    async def _loop(self) -> None:
        failures = 0
        while not self._stopping:
            try:
                done = await self.run_once()
                if time.monotonic() - self._pruned > self.config.prune_interval:
                    await self.prune()
                failures = 0
            except Exception:
                failures += 1
                log.exception("webhook dispatcher round failed")
                await asyncio.sleep(min(5.0, 0.1 * 2 ** failures))
                continue
            if not done:
                await self._idle()

    async def _idle(self) -> None:
        try:
            await asyncio.wait_for(self._wake.wait(), self.config.poll_interval)
        except asyncio.TimeoutError:
            return
        self._wake.clear()
        await asyncio.sleep(_WAKE_SETTLE)  # let the writer that woke us commit


async def start_dispatcher(**kwargs: Any) -> Dispatcher:
    """Create and start a dispatcher (same keywords as ``Dispatcher``); ``await d.stop()``."""
    return await Dispatcher(**kwargs).start()


def running_transport() -> HookTransport | None:
    """The transport of a dispatcher running in this process, for one-off sends."""
    return next((d.transport for d in list(_live) if d._task is not None), None)


def wake_all() -> None:
    """Wake every dispatcher of this process (new work was just committed)."""
    for dispatcher in list(_live):
        dispatcher.wake()


async def _event_saved(*_: Any) -> None:
    wake_all()


Event.register_listener(Signals.post_save, _event_saved)
