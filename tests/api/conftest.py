"""API test fixtures: an app on the test's store, driven in-process through Sanic's ASGI client."""

from __future__ import annotations

import json as jsonlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

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
    """Small wrapper: JSON bodies, a default token, and a parsed reply."""

    def __init__(self, app: Sanic, token: str | None) -> None:
        self.app, self.token = app, token

    async def call(self, method: str, path: str, body: Any = None, *, token: Any = "default",
                   headers: dict[str, str] | None = None, raw: bytes | str | None = None,
                   params: dict[str, Any] | list[tuple[str, Any]] | None = None) -> Reply:
        hdrs = dict(headers or {})
        tok = self.token if token == "default" else token
        if tok:
            hdrs["xc-token"] = tok
        kwargs: dict[str, Any] = {"headers": hdrs}
        if params is not None:
            kwargs["params"] = params
        if raw is not None:
            kwargs["content"] = raw
        elif body is not None:
            kwargs["content"] = jsonlib.dumps(body)
            hdrs["content-type"] = "application/json"
        _, resp = await getattr(self.app.asgi_client, method.lower())(path, **kwargs)
        text = resp.text
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
    yield Client(app, plaintext)
