"""What the explorer sends and receives: the form's state, the request built from it, the
response, and ``send`` (aiohttp). No Textual here, so snippets and tests use the same values."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import aiohttp

from tui.explorer.endpoints import Endpoint

DEFAULT_SERVER = "http://127.0.0.1:8080"
QUERY_SAFE = "(),~"  # kept readable in URLs: ``where=(Name,eq,a%20b)``, as in the README


class RequestProblem(ValueError):
    """The form cannot become a request (bad JSON body, missing path parameter …)."""


class ServerUnreachable(ConnectionError):
    """Nothing answers at the server URL (connection refused, unknown host)."""


@dataclass(frozen=True)
class FormState:
    """Everything the user typed for one endpoint; history entries keep one to restore."""

    endpoint_key: str
    values: tuple[tuple[str, str], ...] = ()
    body: str | None = None
    token: str = ""
    server: str = DEFAULT_SERVER

    def value(self, name: str) -> str:
        return dict(self.values).get(name, "")


@dataclass(frozen=True)
class ApiRequest:
    method: str
    server: str
    path: str
    query: tuple[tuple[str, str], ...] = ()
    body: str | None = None
    token: str = ""

    @property
    def url(self) -> str:
        base = self.server.rstrip("/") + self.path
        if not self.query:
            return base
        return base + "?" + "&".join(f"{quote(k, safe='')}={quote(v, safe=QUERY_SAFE)}"
                                     for k, v in self.query)

    @property
    def headers(self) -> dict[str, str]:
        headers = {"xc-token": self.token} if self.token else {}
        if self.body is not None:
            headers["Content-Type"] = "application/json"
        return headers

    def json_body(self) -> Any:
        return None if self.body is None else json.loads(self.body)


@dataclass(frozen=True)
class ApiResponse:
    status: int
    reason: str
    elapsed_ms: float
    headers: tuple[tuple[str, str], ...] = ()
    text: str = ""
    data: Any = field(default=None, compare=False)

    @property
    def is_json(self) -> bool:
        return self.data is not None

    def pretty(self) -> str:
        return json.dumps(self.data, indent=2, ensure_ascii=False) if self.is_json else self.text


def build_request(endpoint: Endpoint, state: FormState) -> ApiRequest:
    """The request for ``state``; raises ``RequestProblem`` with a message for the user."""
    server = state.server.strip() or DEFAULT_SERVER
    if not server.startswith(("http://", "https://")):
        raise RequestProblem("The server URL must start with http:// or https://")
    return ApiRequest(endpoint.method, server, _path(endpoint, state), _query(endpoint, state),
                      _body(endpoint, state), state.token.strip())


def _path(endpoint: Endpoint, state: FormState) -> str:
    path = endpoint.path
    for param in (p for p in endpoint.params if p.location == "path"):
        value = state.value(param.name).strip()
        if not value:
            raise RequestProblem(f"Fill in the path parameter {param.name}")
        path = path.replace("{" + param.name + "}", quote(value, safe=""))
    return path


def _query(endpoint: Endpoint, state: FormState) -> tuple[tuple[str, str], ...]:
    params = [p for p in endpoint.params if p.location == "query"]
    missing = [p.name for p in params if p.required and not state.value(p.name).strip()]
    if missing:
        raise RequestProblem(f"Fill in the required parameter {', '.join(missing)}")
    return tuple((p.name, state.value(p.name).strip()) for p in params
                 if state.value(p.name).strip())


def _body(endpoint: Endpoint, state: FormState) -> str | None:
    if endpoint.body_example is None or not (state.body or "").strip():
        return None
    body = (state.body or "").strip()
    try:
        json.loads(body)
    except ValueError as exc:
        raise RequestProblem(f"The body is not valid JSON: {exc}") from exc
    return body


async def send(session: aiohttp.ClientSession, request: ApiRequest) -> ApiResponse:
    """Send ``request``; ``ServerUnreachable`` when no server answers at its URL."""
    started = time.perf_counter()
    data = request.body.encode() if request.body is not None else None
    try:
        async with session.request(request.method, request.url, headers=request.headers,
                                   data=data) as resp:
            raw = await resp.read()
    except aiohttp.ClientConnectorError as exc:
        raise ServerUnreachable(f"No server answers at {request.server} ({exc.os_error})") from exc
    elapsed = (time.perf_counter() - started) * 1000
    text = raw.decode(resp.charset or "utf-8", errors="replace")
    return ApiResponse(resp.status, resp.reason or "", elapsed, tuple(resp.headers.items()),
                       text, _parse_json(text))


def _parse_json(text: str) -> Any:
    try:
        return json.loads(text) if text.strip() else None
    except ValueError:
        return None
