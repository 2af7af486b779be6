"""Running ``gridbase`` as a real command: the console script if installed, else ``python -m cli``.

Every run gets a database in the test's tmp dir (``--db`` and ``GRIDBASE_DB``) and a private
``XDG_DATA_HOME``, so no test can touch ``~/.local/share/gridbase``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
Run = Callable[..., subprocess.CompletedProcess[str]]


def gridbase_command() -> list[str]:
    script = shutil.which("gridbase", path=str(Path(sys.executable).parent)) or shutil.which("gridbase")
    return [script] if script else [sys.executable, "-m", "cli"]


@pytest.fixture
def cli_db(tmp_path: Path) -> Path:
    return tmp_path / "cli.db"


@pytest.fixture
def gridbase(tmp_path: Path, cli_db: Path) -> Run:
    """``gridbase(*args, db=True, stdin=None, env={}, cwd=REPO)`` → CompletedProcess (text,
    never raises); ``env`` entries override the defaults, a ``None`` value unsets one."""
    base_env = {**os.environ, "GRIDBASE_DB": str(cli_db), "XDG_DATA_HOME": str(tmp_path / "xdg"),
                "COLUMNS": "200", "PYTHONIOENCODING": "utf-8"}
    base_env.pop("GRIDBASE_TEST_PG", None)

    def run(*args: str, db: bool = True, stdin: str | None = None, timeout: float = 60,
            env: dict[str, str | None] | None = None,
            cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
        prefix = ["--db", str(cli_db)] if db else []
        merged = {**base_env, **(env or {})}
        final = {k: v for k, v in merged.items() if v is not None}
        return subprocess.run([*gridbase_command(), *prefix, *args], input=stdin, env=final,
                              cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                              timeout=timeout)

    return run
