"""Auth across every operation of BOTH OpenAPI documents (the meta API at /docs/openapi.json
and each base's swagger.json), filling the gaps tests/api/test_auth.py leaves (it checks
missing/malformed tokens on every route and viewer writes): a revoked token on every operation,
a base-scoped token on every operation of ANOTHER base, a viewer on every write — each answers
401/403 in the envelope, shows none of the other base's data and changes nothing; and ids no
database could hold never cause a 5xx."""

from __future__ import annotations

import re
from typing import Any

import pytest

from core.hooks import HookSpec, create_hook
from core.models import ApiToken, Base, Delivery, Event, Field, Filter, Sort, Table, View, Webhook
from core.records import service as records
from core.schema.tables import load_table
from core.tokens.service import create_token, revoke_token
from tests.api.conftest import Client, assert_error
from tests.api.test_meta import make_base, make_table

METHODS = ("get", "post", "patch", "put", "delete")
WRITES = frozenset({"POST", "PATCH", "PUT", "DELETE"})
PUBLIC = {"/api/v1/health", "/api/v2/meta/bases/{base_id}/swagger"}


async def _side(client: Client, title: str) -> dict[str, str]:
    """A base with a table, a record, a view filter and sort, a hook and a scoped token."""
    base = await make_base(client, title)
    table = await make_table(client, base["id"], f"{title} table")
    await client.post(f"/api/v2/tables/{table['id']}/records", {"Title": f"{title} secret row"})
    view = table["views"][0]["id"]
    col = table["columns"][1]["id"]
    flt = (await client.post(f"/api/v2/meta/views/{view}/filters",
                             {"fk_column_id": col, "comparison_op": "eq", "value": "x"})).body
    srt = (await client.post(f"/api/v2/meta/views/{view}/sorts", {"fk_column_id": col})).body
    hook = await create_hook(table["id"], HookSpec(title="h", url="http://127.0.0.1:9/h"))
    token, _ = await create_token(f"{title} token", base_id=base["id"])
    return {"base_id": base["id"], "table_id": table["id"], "column_id": col, "record_id": "1",
            "recordId": "1", "view_id": view, "filter_id": flt.get("id", "fimissing"),
            "sort_id": srt.get("id", "somissing"), "hook_id": hook.id, "token_id": token.id,
            "operation": "insert", "version": "v2", "title": title}


@pytest.fixture
async def sides(client: Client) -> tuple[dict[str, str], dict[str, str]]:
    return await _side(client, "Alpha"), await _side(client, "Beta")


async def operations(client: Client, ids: dict[str, str],
                     fill: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(METHOD, concrete path) of every operation in both documents (the per-base one of
    ``ids``' base), filled with ``fill`` (default: ``ids``)."""
    meta = (await client.get("/docs/openapi.json")).body
    per_base = (await client.get(f"/api/v2/meta/bases/{ids['base_id']}/swagger.json")).body
    fill = fill or ids
    ops = set()
    for doc in (meta, per_base):
        for path, item in doc["paths"].items():
            if path in PUBLIC:
                continue
            concrete = re.sub(r"{(\w+)}", lambda m: fill[m.group(1)], path)
            ops |= {(m.upper(), concrete) for m in item if m in METHODS}
    return sorted(ops)


async def snapshot() -> dict[str, Any]:
    """Everything a request could change or leak, read straight from the store."""
    state: dict[str, Any] = {}
    for model in (ApiToken, Base, Table, Field, View, Filter, Sort, Webhook, Event, Delivery):
        rows = await model.all().values()
        state[model.__name__] = sorted(str({k: v for k, v in r.items() if k != "last_used_at"})
                                       for r in rows)
    for table in await Table.all():
        state[table.id] = (await records.list_records(await load_table(table.id))).as_json()
    return state


def _leaks(text: str, other: dict[str, str]) -> list[str]:
    secrets = [other["base_id"], other["table_id"], f"{other['title']} secret row", other["hook_id"]]
    return [s for s in secrets if s in text]


async def test_both_documents_cover_the_api(client: Client, sides: Any) -> None:
    ops = await operations(client, sides[0])
    paths = {p for _, p in ops}
    assert len(ops) > 60
    assert any(p.startswith("/api/v2/tables/") for p in paths)
    assert any("/hooks/" in p for p in paths) and any("/api-tokens" in p for p in paths)


async def test_revoked_token_is_refused_everywhere(client: Client, sides: Any) -> None:
    token, plaintext = await create_token("soon revoked")
    await revoke_token(token.id)
    before = await snapshot()
    for method, path in await operations(client, sides[0]):
        reply = await client.call(method, path, {"title": "x"}, token=plaintext)
        assert_error(reply, 401, "ERR_AUTHENTICATION_REQUIRED")
    assert await snapshot() == before


async def test_viewer_cannot_write_anywhere(client: Client, sides: Any) -> None:
    _, viewer = await create_token("viewer", role="viewer")
    before = await snapshot()
    writes = [op for op in await operations(client, sides[0]) if op[0] in WRITES]
    assert len(writes) > 25
    for method, path in writes:
        assert_error(await client.call(method, path, {"title": "x"}, token=viewer), 403,
                     "ERR_FORBIDDEN")
    assert await snapshot() == before


async def test_scoped_token_reaches_nothing_of_another_base(client: Client, sides: Any) -> None:
    mine, other = sides
    _, scoped = await create_token("alpha only", base_id=mine["base_id"])
    before = await snapshot()
    refused = 0
    for method, path in await operations(client, other):
        reply = await client.call(method, path, {"title": "x"}, token=scoped)
        assert reply.status in (403, 404) or path == "/api/v2/meta/bases", (method, path, reply.text)
        assert not _leaks(reply.text, other), (method, path, reply.text[:300])
        refused += reply.status == 403
    assert refused > 40
    assert await snapshot() == before


@pytest.mark.parametrize("bad_id", ["x" * 300, "ü", "..", "1e3", "-1", " "])
async def test_impossible_ids_never_cause_a_server_error(client: Client, sides: Any,
                                                        bad_id: str) -> None:
    ids = {k: bad_id if k.endswith(("_id", "Id")) else v for k, v in sides[0].items()}
    for method, path in await operations(client, sides[0], ids):
        reply = await client.call(method, path.replace(" ", "%20"), {"title": "x"})
        assert reply.status < 500, (method, path[:120], reply.text[:300])
        if reply.status >= 400:
            assert_error(reply, reply.status)
