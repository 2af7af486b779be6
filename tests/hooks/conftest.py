"""Webhook test fixtures: a real aiohttp receiver on a loopback port, and small factories for
hooked tables and dispatchers (real transport, optional fake clock)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

from core.hooks import Dispatcher, DispatcherConfig, FakeClock, HookSpec, create_hook
from core.models import Webhook
from core.schema.spec import TableSpec
from tests import factories
from tests.api.conftest import app, client  # noqa: F401 - fixtures: the served app, its Client

FIELDS: list[dict[str, Any]] = [
    {"title": "Title", "uidt": "SingleLineText"}, {"title": "Qty", "uidt": "Number"},
    {"title": "Status", "uidt": "SingleSelect", "options": {"options": ["Todo", "Done"]}},
]


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Records every request; answers with ``script`` statuses in turn (then 200)."""

    url: str = ""
    received: list[Received] = field(default_factory=list)
    script: list[int | tuple[int, dict[str, str]]] = field(default_factory=list)
    delay: float = 0.0
    on_request: Callable[[Received], None] | None = None

    async def handle(self, request: web.Request) -> web.Response:
        got = Received(request.method, request.path, dict(request.headers), await request.read(),
                       time.time())
        self.received.append(got)
        if self.on_request:
            self.on_request(got)
        if self.delay:
            await asyncio.sleep(self.delay)
        item = self.script.pop(0) if self.script else 200
        status, headers = item if isinstance(item, tuple) else (item, {})
        return web.Response(status=status, text=f"answer {status}", headers=headers)

    def event_ids(self) -> list[int]:
        return [r.json["id"] for r in self.received]


async def start_receiver(receiver: Receiver) -> web.AppRunner:
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", receiver.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    receiver.url = f"http://127.0.0.1:{port}/hook"
    return runner


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    r = Receiver()
    runner = await start_receiver(r)
    try:
        yield r
    finally:
        await runner.cleanup()


async def hooked_table(url: str, *, fields: list[dict[str, Any]] | dict[str, str] | None = None,
                       **spec: Any) -> tuple[TableSpec, Webhook]:
    """A fresh table with one hook on it (events default to all three)."""
    table = await factories.table(fields or FIELDS)
    spec.setdefault("events", ("after.insert", "after.update", "after.delete"))
    hook = await create_hook(table.id, HookSpec(title="test hook", url=url, **spec))
    return table, hook


def make_dispatcher(clock: FakeClock | None = None, **config: Any) -> Dispatcher:
    settings = DispatcherConfig(**{"poll_interval": 0.02, "jitter": 0.0, **config})
    return Dispatcher(clock=clock, config=settings)


@pytest.fixture
async def dispatcher(store: str) -> AsyncIterator[Dispatcher]:
    d = make_dispatcher()
    try:
        yield d
    finally:
        await d.stop()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


async def wait_for(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.01)
