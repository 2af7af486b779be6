"""API tokens (``core.tokens.service``): shown once, stored as a hash, revocable, role- and base-scoped."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest

from core import db
from core.errors import BaseNotFound, InvalidRequest, TokenNotFound
from core.models import ApiToken
from core.schema import bases
from core.tokens import service as tokens
from tests import factories as make

UTC = dt.timezone.utc


async def test_create_returns_the_plaintext_once(store: str) -> None:
    token, plaintext = await tokens.create_token("  ci  ")
    assert plaintext.startswith("gb_") and len(plaintext) >= 40
    assert (token.name, token.role, token.base_id) == ("ci", "editor", None)
    assert token.id.startswith("tk")
    assert token.hint == plaintext[-4:]
    assert "…" + plaintext[-4:] == tokens.token_json(token)["hint"]
    assert plaintext not in str(tokens.token_json(token))
    other = await tokens.create_token("ci")
    assert other[1] != plaintext


async def test_only_the_sha256_hash_is_stored(store: str) -> None:
    token, plaintext = await tokens.create_token("ci")
    [row] = await db.conn().execute_query_dict("SELECT * FROM gb_api_token")
    assert row["token_hash"] == hashlib.sha256(plaintext.encode()).hexdigest()
    for column, value in row.items():
        text = str(value)
        assert plaintext not in text, column
        assert plaintext[3:20] not in text, column


async def test_authenticate(store: str) -> None:
    token, plaintext = await tokens.create_token("ci", "viewer")
    found = await tokens.authenticate(plaintext)
    assert found is not None and (found.id, found.role) == (token.id, "viewer")


@pytest.mark.parametrize("wrong", [
    None, "", "gb_", "gb_nope", "nope", "x" * 500,
    "TWEAK_LAST", "TWEAK_CASE", "TWEAK_PREFIX", "TWEAK_SPACE",
])
async def test_authenticate_wrong_secret(store: str, wrong: Any) -> None:
    _, plaintext = await tokens.create_token("ci")
    wrong = {"TWEAK_LAST": plaintext[:-1] + ("A" if plaintext[-1] != "A" else "B"),
             "TWEAK_CASE": plaintext.upper(), "TWEAK_PREFIX": plaintext[3:],
             "TWEAK_SPACE": plaintext + " "}.get(wrong, wrong)
    assert await tokens.authenticate(wrong) is None


async def test_revoked_token_no_longer_authenticates(store: str) -> None:
    token, plaintext = await tokens.create_token("ci")
    keep, keep_plain = await tokens.create_token("other")
    revoked = await tokens.revoke_token(token.id)
    assert revoked.revoked_at is not None
    assert await tokens.authenticate(plaintext) is None
    assert (await tokens.authenticate(keep_plain)).id == keep.id
    assert [t.id for t in await tokens.list_tokens()] == [keep.id]
    assert {t.id for t in await tokens.list_tokens(include_revoked=True)} == {token.id, keep.id}
    with pytest.raises(TokenNotFound):
        await tokens.revoke_token(token.id)
    with pytest.raises(TokenNotFound):
        await tokens.revoke_token("tknope")


@pytest.mark.parametrize("role, ok", [("editor", True), ("viewer", True), ("owner", False),
                                      ("Editor", False), ("", False), (None, False)])
async def test_roles_are_validated(store: str, role: Any, ok: bool) -> None:
    if ok:
        assert (await tokens.create_token("t", role))[0].role == role
    else:
        with pytest.raises(InvalidRequest, match="Role must be one of: editor, viewer"):
            await tokens.create_token("t", role)
        assert await ApiToken.all().count() == 0


@pytest.mark.parametrize("name", ["", "   ", None, 3, "x" * 256])
async def test_name_is_required(store: str, name: Any) -> None:
    with pytest.raises(InvalidRequest, match="name"):
        await tokens.create_token(name)


async def test_base_scope(store: str) -> None:
    base, other = await make.base(), await make.base()
    scoped, plaintext = await tokens.create_token("ci", base_id=base.id)
    await tokens.create_token("global")
    assert (await tokens.authenticate(plaintext)).base_id == base.id
    assert [t.id for t in await tokens.list_tokens(base.id)] == [scoped.id]
    assert await tokens.list_tokens(other.id) == []
    with pytest.raises(BaseNotFound):
        await tokens.create_token("ci", base_id="pnope")
    await bases.delete_base(base.id)
    assert await tokens.authenticate(plaintext) is None


async def test_last_used_at_is_updated(store: str) -> None:
    token, plaintext = await tokens.create_token("ci")
    assert token.last_used_at is None
    start = dt.datetime.now(UTC)
    await tokens.authenticate(plaintext)
    first = (await ApiToken.get(id=token.id)).last_used_at
    assert first is not None and start - dt.timedelta(seconds=1) <= first <= dt.datetime.now(UTC)

    long_ago = dt.datetime(2020, 1, 1, tzinfo=UTC)
    await ApiToken.filter(id=token.id).update(last_used_at=long_ago)
    tokens.forget_remembered()  # as after the one-second memory has passed
    await tokens.authenticate(plaintext)
    assert (await ApiToken.get(id=token.id)).last_used_at >= start


async def test_token_json(store: str) -> None:
    base = await make.base()
    token, _ = await tokens.create_token("ci", "viewer", base.id)
    out = tokens.token_json(token)
    assert {k: out[k] for k in ("id", "name", "description", "role", "base_id", "revoked",
                                "last_used_at")} == {
        "id": token.id, "name": "ci", "description": "ci", "role": "viewer", "base_id": base.id,
        "revoked": False, "last_used_at": None}
    assert out["created_at"].endswith("+00:00") and len(out["created_at"]) == 25


async def test_revocation_by_another_process_applies_once_the_memory_lapses(
        store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    token, plaintext = await tokens.create_token("ci")
    assert await tokens.authenticate(plaintext) is not None
    await ApiToken.filter(id=token.id).update(revoked_at=dt.datetime.now(UTC))  # "CLI revoke"
    assert await tokens.authenticate(plaintext) is not None  # remembered for up to a second
    later = tokens.time.monotonic() + 10  # the memory holds for about a second
    monkeypatch.setattr(tokens.time, "monotonic", lambda: later)
    assert await tokens.authenticate(plaintext) is None


async def test_requests_in_flight_share_one_lookup(store: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """When the remembered token lapses under load, the requests in flight wait for one
    lookup instead of each reading the store (a queue that stalled every request for 250 ms)."""
    import asyncio

    token, plaintext = await tokens.create_token("busy")
    calls: list[str] = []
    real = tokens._lookup

    async def counted(digest: str) -> Any:
        calls.append(digest)
        await asyncio.sleep(0.01)  # the read takes a moment: the others arrive meanwhile
        return await real(digest)

    monkeypatch.setattr(tokens, "_lookup", counted)
    tokens.forget_remembered()
    found = await asyncio.gather(*(tokens.authenticate(plaintext) for _ in range(32)))
    assert [t.id for t in found] == [token.id] * 32
    assert len(calls) == 1
    assert tokens._looking == {}  # nothing left behind for the next lapse
    await tokens.revoke_token(token.id)
    tokens.forget_remembered()
    assert await asyncio.gather(*(tokens.authenticate(plaintext) for _ in range(3))) == [None] * 3
    assert len(calls) == 2
