"""The per-base Swagger UI page in a real headless Chromium: it renders every table's operations
and makes no request outside 127.0.0.1 (its JS and CSS come from gridbase itself)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pytest

from tests.integration.conftest import Server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


def chromium_dump(url: str, tmp: Path) -> tuple[str, list[tuple[str, str]]]:
    """The DOM after scripts ran, and (initiator, url) of every request from Chromium's net log."""
    netlog = tmp / "netlog.json"
    args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-default-apps", f"--user-data-dir={tmp / 'profile'}",
            f"--log-net-log={netlog}", "--net-log-capture-mode=Default",
            "--virtual-time-budget=15000", "--dump-dom", url]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    return done.stdout, _requests(json.loads(netlog.read_text()))


def _requests(log: dict) -> list[tuple[str, str]]:
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    found = []
    for ev in log["events"]:
        params = ev.get("params") or {}
        if names.get(ev["type"]) == "URL_REQUEST_START_JOB" and "url" in params:
            found.append((str(params.get("initiator", "")), params["url"]))
    return found


async def test_swagger_page_renders_operations_offline(server: Server, token: str, tmp_path: Path) -> None:
    async with aiohttp.ClientSession(server.url, headers={"xc-token": token}) as http:
        async with http.post("/api/v2/meta/bases", json={"title": "Museum"}) as r:
            base = await r.json()
        for title in ("Objects", "Artists"):
            async with http.post(f"/api/v2/meta/bases/{base['id']}/tables",
                                 json={"title": title, "columns": [{"title": "Name", "uidt": "SingleLineText"}]}) as r:
                assert r.status == 200
    page = f"{server.url}/api/v2/meta/bases/{base['id']}/swagger#token={token}"
    dom, urls = chromium_dump(page, tmp_path)
    for title in ("Objects", "Artists"):
        assert f"List {title} records" in dom, dom[-2000:]
        assert f"Create {title} record(s)" in dom
    # Requests the page made carry its origin as initiator; Chromium's own background calls
    # (update checks, account lookups) have none and are not the page's doing.
    page_urls = [u for initiator, u in urls if initiator.startswith("http")]
    assert {urlsplit(u).hostname for u in page_urls} == {"127.0.0.1"}, page_urls
    assert any(u.endswith("/static/swagger-ui/swagger-ui-bundle.js") for u in page_urls)
    assert any(u.endswith(f"/bases/{base['id']}/swagger.json") for u in page_urls)
