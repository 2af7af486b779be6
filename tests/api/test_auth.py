"""Every route needs a token; roles and base scope are enforced; tokens are stored hashed."""

from __future__ import annotations

import pytest
from sanic import Sanic

from core.tokens.service import create_token, revoke_token
from tests.api.conftest import Client, assert_error
from tests.api.test_meta import make_base, make_table

PUBLIC = {"/api/v1/health"}


def concrete_routes(app: Sanic, ids: dict[str, str]) -> list[tuple[str, str]]:
    """(method, path) of every route, parameters filled with real ids."""
    out = []
    for route in app.router.routes:
        path = "/" + route.path
        if path.startswith("/static") or "openapi" in (route.name or ""):
            continue
        for name, value in ids.items():
            path = path.replace(f"<{name}:str>", value)
        for method in route.methods:
            if method not in ("HEAD", "OPTIONS"):
                out.append((method, path))
    return sorted(set(out))


@pytest.fixture
async def world(client: Client) -> dict[str, str]:
    base = await make_base(client)
    table = await make_table(client, base["id"])
    await client.post(f"/api/v2/tables/{table['id']}/records", {"Title": "a"})
    col = table["columns"][1]["id"]
    return {"base_id": base["id"], "table_id": table["id"], "column_id": col, "record_id": "1",
            "view_id": table["views"][0]["id"], "token_id": "tkmissing", "filter_id": "fimissing",
            "sort_id": "somissing"}


async def test_health_is_public(client: Client) -> None:
    reply = await client.get("/api/v1/health", token=None)
    assert reply.status == 200 and reply.body == {"ok": True}


@pytest.mark.parametrize("token", [None, "", "gb_wrong", "not-even-close", "Bearer"])
async def test_every_route_rejects_missing_or_bad_tokens(app: Sanic, client: Client, world: dict,
                                                         token: str | None) -> None:
    routes = [r for r in concrete_routes(app, world) if r[1] not in PUBLIC and not r[1].endswith("/swagger")]
    assert len(routes) > 40
    for method, path in routes:
        reply = await client.call(method, path, token=token)
        assert_error(reply, 401, "ERR_AUTHENTICATION_REQUIRED")


async def test_bearer_header_works(client: Client, world: dict) -> None:
    reply = await client.get("/api/v2/meta/bases", token=None,
                             headers={"Authorization": f"Bearer {client.token}"})
    assert reply.status == 200


async def test_revoked_token_is_rejected(client: Client, world: dict) -> None:
    token, plaintext = await create_token("temp")
    assert (await client.get("/api/v2/meta/bases", token=plaintext)).status == 200
    await revoke_token(token.id)
    assert_error(await client.get("/api/v2/meta/bases", token=plaintext), 401)


async def test_viewer_reads_but_cannot_write(app: Sanic, client: Client, world: dict) -> None:
    _, viewer = await create_token("viewer", role="viewer")
    table = world["table_id"]
    assert (await client.get(f"/api/v2/tables/{table}/records", token=viewer)).status == 200
    writes = [r for r in concrete_routes(app, world) if r[0] in ("POST", "PATCH", "DELETE")]
    for method, path in writes:
        reply = await client.call(method, path, {"Title": "x"}, token=viewer)
        assert_error(reply, 403, "ERR_FORBIDDEN")
    assert (await client.get(f"/api/v2/tables/{table}/records/count")).body == {"count": 1}


async def test_base_scoped_token_cannot_reach_other_bases(client: Client, world: dict) -> None:
    other = await make_base(client, "Other")
    other_table = await make_table(client, other["id"], "Elsewhere")
    _, scoped = await create_token("scoped", base_id=world["base_id"])
    ok = await client.get(f"/api/v2/tables/{world['table_id']}/records", token=scoped)
    assert ok.status == 200
    for path in (f"/api/v2/tables/{other_table['id']}/records", f"/api/v2/meta/bases/{other['id']}",
                 f"/api/v2/meta/tables/{other_table['id']}", f"/api/v2/meta/bases/{other['id']}/swagger.json"):
        assert_error(await client.get(path, token=scoped), 403, "ERR_FORBIDDEN")
    listed = await client.get("/api/v2/meta/bases", token=scoped)
    assert [b["id"] for b in listed.body["list"]] == [world["base_id"]]
    assert_error(await client.post("/api/v2/meta/bases", {"title": "New"}, token=scoped), 403)
