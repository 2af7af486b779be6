"""API test fixtures: an app on the test's store, driven in-process through Sanic's ASGI client."""

from __future__ import annotations

import json as jsonlib
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from sanic import Sanic

from api.app import create_app
from api.settings import ApiSettings
from core.tokens.service import create_token

Sanic.test_mode = True


@dataclass
class Reply:
    status: int
    body: Any
    headers: Any
    text: str


class Client:
    """Real HTTP against the app served in-process on a loopback port: JSON bodies, a default
    token, and a parsed reply. (Sanic's ASGI test client restarts the app per request, which
    is ~200 ms; a served app answers in ~1 ms.)"""

    def __init__(self, base_url: str, token: str | None) -> None:
        self.base_url, self.token = base_url, token
        self.http = aiohttp.ClientSession(base_url)

    async def call(self, method: str, path: str, body: Any = None, *, token: Any = "default",
                   headers: dict[str, str] | None = None, raw: bytes | str | None = None,
                   params: dict[str, Any] | list[tuple[str, Any]] | None = None) -> Reply:
        hdrs = dict(headers or {})
        tok = self.token if token == "default" else token
        if tok:
            hdrs["xc-token"] = tok
        data: Any = raw
        if raw is None and body is not None:
            data = jsonlib.dumps(body)
            hdrs["content-type"] = "application/json"
        if isinstance(params, dict):
            params = {k: str(v) for k, v in params.items()}
        async with self.http.request(method, path, data=data, headers=hdrs, params=params) as resp:
            text = await resp.text(errors="replace")
            try:
                parsed = jsonlib.loads(text) if text else None
            except ValueError:
                parsed = None
            return Reply(resp.status, parsed, resp.headers, text)

    async def get(self, path: str, **kw: Any) -> Reply:
        return await self.call("GET", path, **kw)

    async def post(self, path: str, body: Any = None, **kw: Any) -> Reply:
        return await self.call("POST", path, body, **kw)

    async def patch(self, path: str, body: Any = None, **kw: Any) -> Reply:
        return await self.call("PATCH", path, body, **kw)

    async def delete(self, path: str, body: Any = None, **kw: Any) -> Reply:
        return await self.call("DELETE", path, body, **kw)


@asynccontextmanager
async def served(app: Sanic) -> AsyncIterator[str]:
    """Serve ``app`` on this loop at 127.0.0.1:<free port>; yield its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))  # Sanic reads port=0 as "default 8000"; bind a free port here
    sock.listen(128)
    sock.setblocking(False)
    srv = await app.create_server(sock=sock, return_asyncio_server=True)
    assert srv is not None
    await srv.startup()
    await srv.before_start()
    await srv.after_start()
    port = srv.server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await srv.before_stop()
        srv.close()
        await srv.wait_closed()
        await srv.after_stop()


def assert_error(reply: Reply, status: int, code: str | None = None, *fragments: str) -> None:
    """Every failure has the one envelope: error, message and legacy msg."""
    assert reply.status == status, (reply.status, reply.text)
    assert isinstance(reply.body, dict), reply.text
    assert set(reply.body) >= {"error", "message", "msg"}, reply.body
    assert reply.body["message"] == reply.body["msg"]
    assert "Traceback" not in reply.text
    if code:
        assert reply.body["error"] == code, reply.body
    for fragment in fragments:
        assert fragment in reply.body["message"], (fragment, reply.body["message"])


@pytest.fixture
def app(store: str) -> Sanic:
    return create_app(ApiSettings(manage_store=False, access_log=False, run_dispatcher=False))


@pytest.fixture
async def client(app: Sanic) -> AsyncIterator[Client]:
    _, plaintext = await create_token("tests", role="editor")
    async with served(app) as url:
        client = Client(url, plaintext)
        try:
            yield client
        finally:
            await client.http.close()
