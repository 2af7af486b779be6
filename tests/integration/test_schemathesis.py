"""Schemathesis fuzzes the per-base OpenAPI document against a real server: no 5xx, ever."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from tests.integration.conftest import Server, run_cli

ST = shutil.which("st", path=str(Path(sys.executable).parent))
pytestmark = pytest.mark.skipif(ST is None, reason="schemathesis is not installed")


async def test_per_base_openapi_has_no_server_errors(server: Server, token: str, tmp_path: Path) -> None:
    run_cli(server.db, "demo", "--no-tui")
    async with aiohttp.ClientSession(server.url, headers={"xc-token": token}) as http:
        async with http.get("/api/v2/meta/bases") as r:
            base_id = (await r.json())["list"][0]["id"]
    done = subprocess.run(
        [ST, "run", f"{server.url}/api/v2/meta/bases/{base_id}/swagger.json",
         "-H", f"xc-token: {token}", "-c", "not_a_server_error", "-n", os.environ.get("GRIDBASE_ST_EXAMPLES", "15"), "--seed", os.environ.get("GRIDBASE_ST_SEED", "7"),
         "--report-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-3000:]
    assert " passed" in done.stdout and "failed" not in done.stdout.split("SUMMARY")[-1]
    log = server.log.read_text()
    assert "Traceback" not in log
    assert not re.search(r" (GET|POST|PATCH|DELETE) \S+ 5\d\d ", log)


async def _real_ids(url: str, token: str) -> dict[str, str]:
    """Ids of the demo base, its table, a column, its view and record 1 (schemathesis fills path
    parameters with these, so requests reach real objects instead of 404s)."""
    async with aiohttp.ClientSession(url, headers={"xc-token": token}) as http:
        async with http.get("/api/v2/meta/bases") as r:
            base_id = (await r.json())["list"][0]["id"]
        async with http.get(f"/api/v2/meta/bases/{base_id}/tables") as r:
            table_id = (await r.json())["list"][0]["id"]
        async with http.get(f"/api/v2/meta/tables/{table_id}") as r:
            table = await r.json()
    return {"base_id": base_id, "table_id": table_id, "column_id": table["columns"][2]["id"],
            "view_id": table["views"][0]["id"], "record_id": "1"}


async def test_meta_openapi_has_no_server_errors(server: Server, token: str, tmp_path: Path) -> None:
    """The meta document (/docs/openapi.json: bases, tables, columns, views, filters, sorts,
    tokens, hooks, data) fuzzed with real ids; deleting the base or table is left out so the
    rest keeps reaching real objects."""
    run_cli(server.db, "demo", "--no-tui")
    ids = await _real_ids(server.url, token)
    (tmp_path / "schemathesis.toml").write_text(
        "[parameters]\n" + "".join(f'"path.{k}" = "{v}"\n' for k, v in ids.items()))
    done = subprocess.run(
        [ST, "run", f"{server.url}/docs/openapi.json", "-H", f"xc-token: {token}",
         "-c", "not_a_server_error", "-n", os.environ.get("GRIDBASE_ST_EXAMPLES", "15"),
         "--seed", os.environ.get("GRIDBASE_ST_SEED", "7"), "--exclude-method-regex", "DELETE",
         "--exclude-path-regex", r"^/api/v2/meta/(bases|tables)/\{\w+\}$",
         "--report-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=600, cwd=tmp_path)
    summary = done.stdout.split("SUMMARY")[-1]
    assert done.returncode == 0, done.stdout[-3000:]
    assert re.search(r"\d{3,} generated, \d+ passed", summary), summary
    log = server.log.read_text()
    assert "Traceback" not in log
    assert not re.search(r" (GET|POST|PATCH|DELETE) \S+ 5\d\d ", log)
    # deletes of everything but the base and the table itself
    done = subprocess.run(
        [ST, "run", f"{server.url}/docs/openapi.json", "-H", f"xc-token: {token}",
         "-c", "not_a_server_error", "-n", "5", "--seed", "7", "--include-method", "DELETE",
         "--exclude-path-regex", r"^/api/v2/meta/(bases|tables)/\{\w+\}$"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-3000:]
    assert not re.search(r" (GET|POST|PATCH|DELETE) \S+ 5\d\d ", server.log.read_text())
