"""A ``gridbase serve`` started by the explorer when nothing answers at the server URL.

It runs as a child process (its log in a temp file, not on the TUI's terminal), is waited on
until ``/api/v1/health`` answers, and is stopped when the explorer closes; ``atexit`` stops
any that are left when the process ends another way, and on Linux the child also ends when
its parent dies without running ``atexit`` (SIGHUP from a dropped SSH session, SIGKILL): see
``tui.explorer.serve_child``.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import aiohttp

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_running: set[subprocess.Popen[bytes]] = set()


class ServerStartFailed(RuntimeError):
    """The child server exited or did not become healthy in time."""


@dataclass
class LocalServer:
    """A running child server and where its log goes."""

    proc: subprocess.Popen[bytes]
    url: str
    log: Path

    @property
    def running(self) -> bool:
        return self.proc.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate (kill after ``timeout``) and remove the log."""
        _terminate(self.proc, timeout)
        self.log.unlink(missing_ok=True)


def local_port(server_url: str) -> int | None:
    """The port of a loopback ``http://`` URL (where a child server may be started), else None."""
    parts = urlsplit(server_url.strip())
    if parts.scheme != "http" or parts.hostname not in LOOPBACK:
        return None
    try:
        return parts.port or 80
    except ValueError:
        return None


def database_argument(db_url: str) -> str:
    """What ``gridbase --db`` takes: a SQLite URL's file path (without its pragmas)."""
    if db_url.startswith("sqlite://"):
        return db_url[len("sqlite://"):].split("?", 1)[0]
    return db_url


def shown_database(db_url: str) -> str:
    """The database for people to read: no password."""
    parts = urlsplit(database_argument(db_url))
    if parts.password:
        return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@")))
    return database_argument(db_url)


def serve_command(port: int) -> list[str]:
    """The child's command; the database goes in ``GRIDBASE_DB`` (a password stays out of ``ps``)."""
    return [sys.executable, "-m", "tui.explorer.serve_child", str(os.getpid()),
            "serve", "--host", "127.0.0.1", "--port", str(port)]


async def start_server(db_url: str, port: int, timeout: float = 30.0) -> LocalServer:
    """Start ``gridbase serve`` on ``port`` and wait until it is healthy."""
    handle, name = tempfile.mkstemp(prefix="gridbase-explorer-serve-", suffix=".log")
    os.close(handle)
    log = Path(name)
    with log.open("ab") as out:
        proc = subprocess.Popen(serve_command(port), stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True,
                                env={**os.environ, "GRIDBASE_DB": database_argument(db_url)})
    _running.add(proc)
    server = LocalServer(proc, f"http://127.0.0.1:{port}", log)
    try:
        await _wait_healthy(server, timeout)
    except BaseException:
        server.stop()
        raise
    return server


async def _wait_healthy(server: LocalServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as session:
        while time.monotonic() < deadline:
            if not server.running:
                raise ServerStartFailed(f"gridbase serve exited: {_tail(server.log)}")
            if await _healthy(session, server.url):
                return
            await asyncio.sleep(0.1)
    raise ServerStartFailed(f"gridbase serve did not answer within {timeout:.0f} s")


async def _healthy(session: aiohttp.ClientSession, url: str) -> bool:
    try:
        async with session.get(f"{url}/api/v1/health") as resp:
            return resp.status == 200
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return False


def _tail(log: Path, lines: int = 3) -> str:
    try:
        return " / ".join(log.read_text(errors="replace").strip().splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _terminate(proc: subprocess.Popen[bytes], timeout: float) -> None:
    _running.discard(proc)
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@atexit.register
def _stop_all() -> None:
    for proc in list(_running):
        _terminate(proc, 5.0)
