"""A real ``gridbase serve`` process on a free loopback port, for integration tests."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import drop_database_url, fresh_database_url


def gridbase_cmd() -> list[str]:
    exe = shutil.which("gridbase", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(db: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GRIDBASE_DB": db}
    return subprocess.run([*gridbase_cmd(), "--db", db, *args], capture_output=True, text=True,
                          env=env, timeout=120, check=check)


@dataclass
class Server:
    db: str
    port: int
    proc: subprocess.Popen[str]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                return self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                return self.proc.wait()
        return self.proc.returncode


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/api/v1/health", timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


def start_server(db: str, log: Path, workers: int = 1, port: int | None = None) -> Server:
    port = port or free_port()
    out = log.open("a")
    proc = subprocess.Popen([*gridbase_cmd(), "--db", db, "serve", "--host", "127.0.0.1",
                             "--port", str(port), "--workers", str(workers)],
                            stdout=out, stderr=subprocess.STDOUT, text=True)
    server = Server(db, port, proc, log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()}")
        # In single-process mode "Worker ready" comes after Sanic installs its signal handlers
        # (graceful SIGTERM); with several workers the supervisor has them from the start.
        ready = workers > 1 or "Worker ready" in log.read_text()
        if ready and _healthy(server.url):
            return server
        time.sleep(0.1)
    server.stop(signal.SIGKILL)
    raise RuntimeError(f"server did not start:\n{log.read_text()}")


@pytest.fixture
async def server_db(backend: str, tmp_path: Path) -> Iterator[str]:
    url = await fresh_database_url(backend, tmp_path)
    try:
        yield url
    finally:
        await drop_database_url(url)


@pytest.fixture
def server(server_db: str, tmp_path: Path) -> Iterator[Server]:
    srv = start_server(server_db, tmp_path / "server.log")
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def token(server: Server) -> str:
    return run_cli(server.db, "token", "create", "--name", "tests").stdout.strip().splitlines()[-1]
