"""Every subcommand has ``--help``; bad input ends in one line on stderr and a non-zero exit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import REPO, Run

COMMANDS = [[], ["import"], ["export"], ["demo"], ["serve"], ["token"], ["token", "create"],
            ["token", "list"], ["token", "revoke"], ["bases"], ["tables"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "gridbase")
def test_help(gridbase: Run, command: list[str]) -> None:
    done = gridbase(*command, "--help", db=False)
    assert done.returncode == 0 and done.stdout.startswith("usage: gridbase")
    assert done.stderr == ""


@pytest.mark.parametrize(("args", "status", "message"), [
    (["frobnicate"], 2, "invalid choice: 'frobnicate'"),
    (["import"], 2, "the following arguments are required: FILE.csv"),
    (["import", "/no/such/file.csv"], 1, "File not found: /no/such/file.csv"),
    (["import", "{csv}", "--types", "Nope=Number"], 1, "not in the CSV: Nope"),
    (["import", "{csv}", "--types", "A=Sparkly"], 1, "Unknown field type 'Sparkly'"),
    (["import", "{dir}"], 1, "Cannot read"),
    (["import", "{latin1}"], 1, "is not UTF-8 text (near line"),
    (["export", "--table", "Nope"], 1, "Table 'Nope' not found"),
    (["export", "--table", "t", "--fields", "Nope"], 1, "Field 'Nope' not found"),
    (["serve", "--workers", "0"], 2, "argument --workers"),
    (["serve", "--port", "http"], 2, "argument --port"),
    (["tables", "--base", "Nowhere"], 1, "Base 'Nowhere' not found"),
])
def test_bad_input_is_one_line(gridbase: Run, tmp_path: Path, cli_db: Path, args: list[str],
                               status: int, message: str) -> None:
    cli_db.touch()  # an empty database: reading commands refuse a missing one
    path = tmp_path / "t.csv"
    path.write_text("A\n1\n", encoding="utf-8")
    if "t" in args:  # a command that needs table t to exist
        assert gridbase("import", str(path)).returncode == 0
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("Name\nÉrard\n".encode("latin-1"))
    args = [a.format(csv=path, dir=tmp_path, latin1=latin1) for a in args]
    done = gridbase(*args)
    assert done.returncode == status
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("gridbase: error: "), done.stderr
    assert message in lines[0]


def test_commands_do_not_load_the_faces() -> None:
    code = ("import sys, cli.main; bad = [m for m in ('textual', 'sanic', 'tui', 'api') "
            "if m in sys.modules]; print(bad)")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert done.stdout.strip() == "[]", done.stderr
