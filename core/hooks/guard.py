"""Where webhooks may be sent: the guard against server-side request forgery (SSRF).

A hook URL is user input, and anyone holding an editor token can create hooks, so a hook could
make the server call addresses only it can reach. The policy comes from the environment
variable ``GRIDBASE_HOOKS_ALLOW_PRIVATE``, read at each check:

* unset (the default) — loopback and private-network addresses are allowed (a local
  single-user tool posts to n8n on localhost or a box on the LAN), but link-local addresses
  (``169.254.0.0/16`` — the cloud metadata service — and ``fe80::/10``), unspecified,
  multicast and reserved addresses are refused;
* ``0`` / ``false`` / ``no`` — also refuse loopback and private addresses (a server others can
  reach; only public destinations);
* ``1`` / ``true`` / ``yes`` — allow everything.

The check runs on every address a host name resolves to, when the connection is made (a
resolver used by the hook transport), so a name that later re-resolves to a forbidden address
(DNS rebinding) is refused too; literal IP URLs are checked before sending and when a hook is
created or changed.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
from typing import Any

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

ENV = "GRIDBASE_HOOKS_ALLOW_PRIVATE"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class ForbiddenDestination(OSError):
    """The destination address is not allowed by the hook policy (message says which)."""

    def __init__(self, message: str) -> None:
        super().__init__(errno.EACCES, message)  # aiohttp shows ``strerror``


def policy() -> str:
    """``"all"``, ``"public"`` or ``"default"`` from ``GRIDBASE_HOOKS_ALLOW_PRIVATE``."""
    value = os.environ.get(ENV, "").strip().lower()
    return "all" if value in _TRUE else "public" if value in _FALSE else "default"


def kind_of(address: Address) -> str | None:
    """``"loopback"``, ``"link-local"``, ``"reserved"``, ``"private"``, or None (public)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_unspecified or address.is_multicast or address.is_reserved:
        return "reserved"
    return None if address.is_global else "private"


def refusal(address: Address, mode: str | None = None) -> str | None:
    """Why ``address`` may not be called under the policy, or None when it may."""
    mode = mode or policy()
    kind = kind_of(address)
    if mode == "all" or kind is None:
        return None
    if kind in ("loopback", "private"):
        return None if mode == "default" else f"{address} is a {kind} address ({ENV} is off)"
    return f"{address} is a {kind} address (set {ENV}=1 to allow)"


def literal_refusal(host: str | None) -> str | None:
    """The refusal for a URL host that is an IP literal (None for names and allowed IPs)."""
    try:
        address = ipaddress.ip_address((host or "").strip("[]"))
    except ValueError:
        return None
    return refusal(address)


class GuardedResolver(AbstractResolver):
    """aiohttp resolver that drops forbidden addresses; none left → ``ForbiddenDestination``."""

    def __init__(self, inner: AbstractResolver | None = None) -> None:
        self._inner = inner or DefaultResolver()

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        allowed, reasons = [], []
        for result in results:
            reason = refusal(ipaddress.ip_address(result["host"]))
            (reasons.append(reason) if reason else allowed.append(result))
        if not allowed:
            raise ForbiddenDestination(f"refused to call {host}: {reasons[0]}" if reasons
                                       else f"{host} did not resolve")
        return allowed

    async def close(self) -> None:
        await self._inner.close()


def connector_options() -> dict[str, Any]:
    """Keyword arguments for ``aiohttp.TCPConnector`` that apply the guard."""
    return {"resolver": GuardedResolver()}
