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
