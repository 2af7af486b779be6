"""Creating, listing, revoking and checking API tokens.

A token is ``gb_`` + 40 random URL-safe characters. Only its SHA-256 hash is stored (a fast
hash is right for a 240-bit random secret: there is nothing to brute-force); lookups go by hash
and the final comparison uses ``hmac.compare_digest``. ``hint`` keeps the last 4 characters so
people can tell tokens apart in lists.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import secrets
import time

from core.errors import InvalidRequest, TokenNotFound
from core.ids import new_id
from core.models import ApiToken
from core.schema.bases import get_base

ROLES = ("editor", "viewer")
PREFIX = "gb_"
_TOUCH_EVERY = dt.timedelta(seconds=30)
_REMEMBER = 1.0
_recent: dict[str, tuple[float, ApiToken]] = {}
_looking: dict[str, asyncio.Future[ApiToken | None]] = {}


def hash_token(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8", "surrogatepass")).hexdigest()


async def create_token(name: str, role: str = "editor", base_id: str | None = None) -> tuple[ApiToken, str]:
    """Return the stored token and its plaintext (the only time the plaintext exists)."""
    if not isinstance(name, str) or not name.strip():
        raise InvalidRequest("Token name must be a non-empty string", field="name")
    if len(name.strip()) > 255:
        raise InvalidRequest("Token name is longer than 255 characters", field="name")
    if role not in ROLES:
        raise InvalidRequest(f"Role must be one of: {', '.join(ROLES)}", field="role")
    if base_id is not None:
        await get_base(base_id)
    plaintext = PREFIX + secrets.token_urlsafe(30)
    token = await ApiToken.create(id=new_id("token"), name=name.strip(), role=role,
                                  base_id=base_id, token_hash=hash_token(plaintext),
                                  hint=plaintext[-4:])
    return token, plaintext


async def list_tokens(base_id: str | None = None, *, include_revoked: bool = False) -> list[ApiToken]:
    query = ApiToken.all()
    if base_id is not None:
        query = query.filter(base_id=base_id)
    if not include_revoked:
        query = query.filter(revoked_at__isnull=True)
    return await query.order_by("created_at")


async def revoke_token(token_id: str) -> ApiToken:
    token = await ApiToken.get_or_none(id=token_id)
    if token is None or token.revoked_at is not None:
        raise TokenNotFound(f"Token '{token_id}' not found", token=token_id)
    token.revoked_at = dt.datetime.now(dt.timezone.utc)
    await token.save(update_fields=["revoked_at"])
    _recent.pop(token.token_hash, None)
    return token


async def authenticate(plaintext: str | None) -> ApiToken | None:
    """The live token for this secret, or None. Updates ``last_used_at`` (at most every 30 s).

    A token that checked out is remembered for ``_REMEMBER`` seconds in this process, so a busy
    API does not look it up on every request. Revoking in this process forgets it at once; a
    revocation made by another process (the CLI, the TUI) takes effect within that second.
    """
    if not plaintext or not plaintext.startswith(PREFIX) or len(plaintext) > 200:
        return None
    digest = hash_token(plaintext)
    remembered = _recent.get(digest)
    if remembered is not None and remembered[0] > time.monotonic():
        return remembered[1]
    # One lookup per token at a time: when the remembered entry lapses under load, every
    # request in flight would otherwise look it up at once (a queue of ORM reads, and a
    # 250 ms p99 every second in bench/api.py); they wait for the first one instead.
    pending = _looking.get(digest)
    if pending is None or pending.get_loop() is not asyncio.get_running_loop():
        pending = _looking[digest] = asyncio.ensure_future(_lookup(digest))
        pending.add_done_callback(lambda done: _forget_lookup(digest, done))
    token = await asyncio.shield(pending)
    if token is not None:
        if len(_recent) >= 1024:
            _recent.clear()
        _recent[digest] = (time.monotonic() + _REMEMBER, token)
    return token


def _forget_lookup(digest: str, done: asyncio.Future[ApiToken | None]) -> None:
    if _looking.get(digest) is done:
        del _looking[digest]


async def _lookup(digest: str) -> ApiToken | None:
    token = await ApiToken.get_or_none(token_hash=digest)
    if token is None or token.revoked_at is not None:
        return None
    if not hmac.compare_digest(token.token_hash, digest):
        return None
    now = dt.datetime.now(dt.timezone.utc)
    if token.last_used_at is None or now - token.last_used_at > _TOUCH_EVERY:
        token.last_used_at = now
        await ApiToken.filter(id=token.id).update(last_used_at=now)
    return token


def forget_remembered() -> None:
    """Drop every remembered token (after deleting a base, whose scoped tokens go with it)."""
    _recent.clear()


def token_json(token: ApiToken) -> dict[str, object]:
    def iso(value: dt.datetime | None) -> str | None:
        return None if value is None else value.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S+00:00")

    return {"id": token.id, "description": token.name, "name": token.name, "role": token.role,
            "base_id": token.base_id, "hint": f"…{token.hint}", "created_at": iso(token.created_at),
            "last_used_at": iso(token.last_used_at), "revoked": token.revoked_at is not None}
