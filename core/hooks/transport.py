"""How a webhook request leaves the process: the ``HookTransport`` protocol and two
implementations.

* ``AiohttpTransport`` — the real one: one ``aiohttp.ClientSession`` per dispatcher (a
  connection pool shared by every hook), the hook's timeout per request, redirects not
  followed, destinations checked by the SSRF guard (``guard``), the first 4 KB of the
  response kept and the rest drained so the connection goes back to the pool.
* ``RecordingTransport`` — for unit tests: records each request and answers from a script.

A transport raises ``TransportError`` when no HTTP response arrived (refused, reset, DNS,
timeout); any HTTP status, even 500, is a ``HookResponse``. When the SSRF guard refused the
destination — an IP literal before sending, or a name at connect time (aiohttp wraps the
guard's error in ``ClientConnectorDNSError``) — it raises ``DestinationRefused`` with the
guard's own message (``SSRF guard: refused to call …``): that is final, as retrying cannot
change the policy's answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlsplit

import aiohttp

from core.hooks.guard import ForbiddenDestination, connector_options, literal_refusal

RESPONSE_EXCERPT = 4096
_DRAIN_LIMIT = 1 << 16


@dataclass(frozen=True)
class HookRequest:
    method: str
    url: str
    headers: dict[str, str]
    body: bytes
    timeout: float


@dataclass(frozen=True)
class HookResponse:
    status: int
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    """Lower-cased names."""


class TransportError(Exception):
    """No response: the message says why (``timed out after 10s``, ``connection refused``…)."""


class DestinationRefused(TransportError):
    """The SSRF guard refused the destination (the message says why); never retried."""


class HookTransport(Protocol):
    async def send(self, request: HookRequest) -> HookResponse: ...

    async def close(self) -> None: ...


class AiohttpTransport:
    def __init__(self, *, limit: int = 100, limit_per_host: int = 10) -> None:
        self._limits = (limit, limit_per_host)
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            limit, per_host = self._limits
            connector = aiohttp.TCPConnector(limit=limit, limit_per_host=per_host,
                                             ttl_dns_cache=300, **connector_options())
            self._session = aiohttp.ClientSession(connector=connector, auto_decompress=True)
        return self._session

    async def send(self, request: HookRequest) -> HookResponse:
        refused = literal_refusal(urlsplit(request.url).hostname)
        if refused:  # names are checked by the connector's resolver, at connect time
            raise DestinationRefused(f"SSRF guard: refused to call {request.url}: {refused}")
        timeout = aiohttp.ClientTimeout(total=request.timeout)
        try:
            async with self._client().request(
                request.method, request.url, data=request.body, headers=request.headers,
                timeout=timeout, allow_redirects=False,
            ) as resp:
                excerpt = await _read_excerpt(resp)
                headers = {k.lower(): v for k, v in resp.headers.items()}
                return HookResponse(resp.status, excerpt, headers)
        except asyncio.TimeoutError:
            raise TransportError(f"timed out after {request.timeout:g}s") from None
        except aiohttp.ClientError as exc:
            if (guard := _guard_refusal(exc)) is not None:
                raise DestinationRefused(f"SSRF guard: {guard.strerror}") from None
            raise TransportError(_describe(exc)) from None
        except (ValueError, UnicodeError) as exc:  # a header or URL aiohttp cannot send
            raise TransportError(f"invalid request: {exc}") from None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


async def _read_excerpt(resp: aiohttp.ClientResponse) -> str:
    head = await resp.content.read(RESPONSE_EXCERPT)
    drained = 0
    while drained < _DRAIN_LIMIT and not resp.content.at_eof():
        chunk = await resp.content.read(8192)
        if not chunk:
            break
        drained += len(chunk)
    return head.decode("utf-8", errors="replace")


def _guard_refusal(exc: aiohttp.ClientError) -> ForbiddenDestination | None:
    for cause in (getattr(exc, "os_error", None), exc.__cause__):
        if isinstance(cause, ForbiddenDestination):
            return cause
    return None


def _describe(exc: aiohttp.ClientError) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


Script = HookResponse | Exception | Callable[[HookRequest], HookResponse]


class RecordingTransport:
    """Answers each request with the next scripted item (the last one repeats); a callable
    item is called with the request; an exception item is raised as ``TransportError`` (a
    ``TransportError``, e.g. ``DestinationRefused``, as itself)."""

    def __init__(self, *script: Script) -> None:
        self.script: list[Script] = list(script) or [HookResponse(200)]
        self.requests: list[HookRequest] = []
        self.closed = False

    async def send(self, request: HookRequest) -> HookResponse:
        self.requests.append(request)
        index = min(len(self.requests) - 1, len(self.script) - 1)
        item = self.script[index]
        if isinstance(item, TransportError):
            raise item
        if isinstance(item, Exception):
            raise TransportError(str(item) or type(item).__name__)
        return item(request) if callable(item) else item

    async def close(self) -> None:
        self.closed = True
