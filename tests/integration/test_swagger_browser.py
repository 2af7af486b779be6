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


def chromium_dump(url: str, tmp: Path) -> tuple[str, list[str]]:
    """The DOM after scripts ran, and every URL the browser requested (from its net log)."""
    netlog = tmp / "netlog.json"
    args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-default-apps", f"--user-data-dir={tmp / 'profile'}",
            f"--log-net-log={netlog}", "--net-log-capture-mode=Default",
            "--virtual-time-budget=15000", "--dump-dom", url]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    text = netlog.read_text(errors="replace") if netlog.exists() else ""
    urls = sorted(set(_urls(text)))
    return done.stdout, urls


def _urls(netlog: str) -> list[str]:
    try:
        events = json.loads(netlog).get("events", [])
    except ValueError:  # chromium may leave the log unterminated; fall back to a scan
        import re

        return re.findall(r'"url":"([^"]+)"', netlog)
    found = []
    for ev in events:
        params = ev.get("params") or {}
        if isinstance(params.get("url"), str):
            found.append(params["url"])
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
    hosts = {urlsplit(u).hostname for u in urls if u.startswith(("http://", "https://", "ws://", "wss://"))}
    assert hosts and hosts <= {"127.0.0.1"}, hosts
    assert any(u.endswith("/swagger-ui-bundle.js") for u in urls)
    assert any("swagger.json" in u for u in urls)
