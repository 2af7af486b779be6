"""The explorer's own API token: made when the user accepts the offer, for one TUI session.

Its name says which process made it (``api-explorer (pid 4242 on host)``), so that:

- when the app ends, ``end_session_token`` revokes it (``GridbaseApp.on_unmount``);
- when the app did not end cleanly (SIGKILL, a dropped SSH session), the next token made on
  this host revokes it: before making one, ``create_session_token`` revokes every explorer
  token of this database whose process is gone, and those named plain ``api-explorer`` (made
  before tokens carried their owner). Tokens of other hosts are left to those hosts: this one
  cannot tell whether their TUI still runs.

The database therefore holds at most one live explorer token per running TUI (plus, for a
while, those of a host that crashed and has not made one since). A pid reused by an unrelated
process keeps its dead token alive only until that process ends too.
"""

from __future__ import annotations

import os
import re
import socket

from textual.app import App

from core.errors import GridbaseError
from core.models import ApiToken
from core.tokens.service import create_token, list_tokens, revoke_token
from tui.explorer.session import existing_session

PREFIX = "api-explorer"
OWNER = re.compile(rf"{PREFIX} \(pid (\d+) on (.+)\)")


def token_name(pid: int, host: str) -> str:
    return f"{PREFIX} (pid {pid} on {host})"


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it runs
        return True
    return True


def is_stale(name: str, host: str) -> bool:
    """Whether the explorer token ``name`` outlived its TUI on ``host`` (or is no explorer's)."""
    if name == PREFIX:
        return True
    owner = OWNER.fullmatch(name)
    return owner is not None and owner[2] == host and not process_alive(int(owner[1]))


async def revoke_stale(host: str) -> list[str]:
    """Revoke the explorer tokens left by TUIs of ``host`` that are gone; their names."""
    revoked = []
    for token in await list_tokens():
        if is_stale(token.name, host):
            try:
                await revoke_token(token.id)
            except GridbaseError:  # revoked meanwhile by another TUI's sweep
                continue
            revoked.append(token.name)
    return revoked


async def create_session_token(base_id: str) -> tuple[ApiToken, str]:
    """A new editor token for base ``base_id``, named for this process; stale ones go first."""
    host = socket.gethostname()
    await revoke_stale(host)
    return await create_token(token_name(os.getpid(), host), "editor", base_id)


async def end_session_token(app: App) -> None:
    """Revoke the token the explorer made in ``app``'s session, if it made one."""
    session = existing_session(app)
    if session is None or not session.token_id:
        return
    token_id, session.token_id = session.token_id, ""
    try:
        await revoke_token(token_id)
    except Exception:  # revoked in ``T`` meanwhile, or the database is gone: the app still
        pass           # ends, and the next explorer token made on this host revokes it
