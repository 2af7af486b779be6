"""The API explorer's own token lasts one TUI session: it is named for the process that made
it, revoked when the app ends, and tokens left by TUIs that died (or made before tokens
carried their owner) are revoked when the next one is made on this host."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
from textual.widgets import Input

from core.tokens.service import create_token, list_tokens
from tests.integration.conftest import free_port
from tests.tui.test_api_explorer import answer, open_explorer, paste_into, send
from tui.app import GridbaseApp
from tui.explorer.session_token import end_session_token, is_stale, token_name

HOST = socket.gethostname()


def dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.parametrize(("name", "stale"), [
    ("api-explorer", True),                              # made before tokens named their owner
    (token_name(dead_pid(), HOST), True),                 # its TUI is gone
    (token_name(os.getpid(), HOST), False),               # its TUI runs
    (token_name(dead_pid(), "elsewhere"), False),         # another host's: not ours to judge
    ("api-explorer for my scripts", False),
    ("ci-bot", False),
])
def test_which_explorer_tokens_are_stale(name: str, stale: bool) -> None:
    assert is_stale(name, HOST) is stale


async def live_names() -> list[str]:
    return sorted(t.name for t in await list_tokens())


async def test_the_session_token_sweeps_stale_ones_and_ends_with_the_app(tasks) -> None:
    kept = sorted([token_name(os.getppid(), HOST), token_name(dead_pid(), "elsewhere"), "ci-bot"])
    for name in [*kept, "api-explorer", token_name(dead_pid(), HOST), token_name(dead_pid(), HOST)]:
        await create_token(name, "editor", tasks.base_id)
    app = GridbaseApp(None, tasks.id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_explorer(pilot)
        url = f"http://127.0.0.1:{free_port()}"  # nothing answers; no server is offered
        await paste_into(pilot, screen.form.query_one("#server", Input), url)
        await send(pilot, screen)
        assert "revoked when gridbase exits" in app.screen.question
        await answer(pilot, screen, "y")
        mine = token_name(os.getpid(), HOST)
        assert await live_names() == sorted([*kept, mine])
        token = screen.form.query_one("#token", Input).value
        created = next(t for t in await list_tokens() if t.name == mine)
        assert token.endswith(created.hint) and created.base_id == tasks.base_id
        assert screen.session.token_id == created.id
    assert await live_names() == kept  # the app ended: its token is revoked


async def test_ending_an_app_that_made_no_token_revokes_nothing(tasks) -> None:
    await create_token(token_name(os.getpid(), HOST), "editor", tasks.base_id)
    app = GridbaseApp(None, tasks.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_explorer(pilot)
    await end_session_token(app)
    assert await live_names() == [token_name(os.getpid(), HOST)]
