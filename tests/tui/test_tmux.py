"""End to end: the real ``gridbase --db X demo`` command in a tmux terminal, driven by keys.

Skipped when tmux is not installed (CI installs it with apt-get). Uses its own tmux server
socket, so it never touches a user's sessions, and kills only that server afterwards.
"""

from __future__ import annotations

import asyncio
import secrets
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.db import store
from core.records import service as records
from core.records.listing import ListQuery
from core.schema.tables import resolve_table

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None,
                       reason="tmux is not installed (apt-get install tmux)"),
]
REPO = Path(__file__).resolve().parents[2]


def gridbase_command() -> list[str]:
    script = Path(sys.executable).parent / "gridbase"
    return [str(script)] if script.exists() else [sys.executable, "-m", "cli"]


class Tmux:
    def __init__(self, socket: str) -> None:
        self.socket = socket

    def __call__(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, timeout=20)
        return done.stdout

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "gb")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self("send-keys", "-t", "gb", key)
            time.sleep(0.15)

    def wait_for(self, text: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; screen was:\n{self.screen()}")


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    session = Tmux(f"gridbase-test-{secrets.token_hex(4)}")
    session("new-session", "-d", "-s", "gb", "-x", "100", "-y", "30")
    session("set-option", "-t", "gb", "remain-on-exit", "on")
    try:
        yield session
    finally:
        session("kill-server")


def test_demo_in_a_real_terminal(tmux: Tmux, tmp_path: Path) -> None:
    db = tmp_path / "e2e.db"
    env = {"GRIDBASE_STATE_DIR": str(tmp_path / "state"), "TERM": "xterm-256color",
           "PYTHONPATH": str(REPO)}
    command = " ".join(["env", *(f"{k}={shlex.quote(v)}" for k, v in env.items()),
                        *map(shlex.quote, gridbase_command()), "--db", shlex.quote(str(db)),
                        "demo"]) + "; echo GRIDBASE_EXIT=$?"
    tmux("respawn-pane", "-k", "-t", "gb", "-c", str(REPO), command)

    tmux.wait_for("row 1 of 2,000", timeout=120)
    tmux.keys("G")
    assert "row 2,000 of 2,000" in tmux.wait_for("row 2,000 of 2,000")
    tmux.keys("g", "a")
    tmux.wait_for("New record")  # the record form; nothing is written until it is saved
    time.sleep(1.0)  # let the form take focus on a loaded machine before typing into it
    tmux.keys("Z", "Z", "C-s")
    tmux.wait_for("row 2,001 of 2,001")
    tmux.wait_for("ZZ")
    tmux.keys("?")
    tmux.wait_for("gridbase keys")
    tmux.keys("Escape", "q")
    tmux.wait_for("GRIDBASE_EXIT=0")  # the app quit cleanly (a crash or hang would not print 0)

    async def check() -> tuple[int, list[dict]]:
        async with store(str(db)):
            table = await resolve_table("Met")
            page = await records.list_records(table, ListQuery(limit=1, offset=2000))
            return page.info.total_rows, page.rows

    total, rows = asyncio.run(check())
    assert total == 2001
    assert "ZZ" in rows[0].values()
