"""A mistyped ``--db`` is an error, never a new empty database; a bad export path is one line.

Only ``import``, ``demo``, ``serve`` and the TUI start a new SQLite file, and only the default
data directory is ever created.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.cli.conftest import Run

HINT = "(gridbase creates one on import, demo, serve or when the TUI opens it)"
READERS = [["tables"], ["bases"], ["export", "--table", "Met"], ["token", "list"],
           ["token", "revoke", "tk1"], ["token", "create", "--name", "ci"]]
EVERY = [*READERS, ["import", "{csv}"], ["demo", "--no-tui"], ["serve", "--port", "1"], []]


def _one_error_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = done.stderr.splitlines()
    assert done.returncode == 1 and len(lines) == 1, done.stderr
    return lines[0]


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "t.csv"
    path.write_text("A\n1\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("command", EVERY, ids=lambda c: " ".join(c) or "tui")
@pytest.mark.parametrize("via", ["--db", "GRIDBASE_DB"])
def test_a_missing_directory_is_never_created(gridbase: Run, tmp_path: Path, csv_file: Path,
                                              command: list[str], via: str) -> None:
    target = tmp_path / "nope" / "dir" / "x.db"
    args = [a.format(csv=csv_file) for a in command]
    if via == "--db":
        done = gridbase("--db", str(target), *args, db=False)
    else:
        done = gridbase(*args, db=False, env={"GRIDBASE_DB": str(target)})
    expected = f"gridbase: error: directory {tmp_path / 'nope' / 'dir'} does not exist"
    assert _one_error_line(done) == expected
    assert not (tmp_path / "nope").exists()


@pytest.mark.parametrize("command", READERS, ids=" ".join)
def test_reading_commands_refuse_a_missing_database(gridbase: Run, tmp_path: Path,
                                                    command: list[str]) -> None:
    done = gridbase("--db", "dmeo.db", *command, db=False, cwd=tmp_path)
    assert _one_error_line(done) == f"gridbase: error: database dmeo.db does not exist {HINT}"
    assert list(tmp_path.iterdir()) == []


def test_the_default_database_is_named_when_missing(gridbase: Run, tmp_path: Path) -> None:
    done = gridbase("tables", db=False, env={"GRIDBASE_DB": None})
    default = tmp_path / "xdg" / "gridbase" / "gridbase.db"
    assert _one_error_line(done) == f"gridbase: error: database {default} does not exist {HINT}"
    assert not default.exists()


def test_import_creates_a_new_file_and_the_default_directory(gridbase: Run, tmp_path: Path,
                                                            csv_file: Path) -> None:
    fresh = tmp_path / "fresh.db"
    assert gridbase("--db", str(fresh), "import", str(csv_file), db=False).returncode == 0
    assert "t  (1 rows)" in gridbase("--db", str(fresh), "tables", db=False).stdout
    done = gridbase("import", str(csv_file), db=False, env={"GRIDBASE_DB": None})
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "xdg" / "gridbase" / "gridbase.db").is_file()


@pytest.mark.parametrize(("output", "reason"), [
    ("missing/x.csv", "directory {tmp}/missing does not exist"),
    (".", "Is a directory"),
])
def test_export_to_a_bad_path_is_one_line(gridbase: Run, tmp_path: Path, csv_file: Path,
                                          output: str, reason: str) -> None:
    assert gridbase("import", str(csv_file)).returncode == 0
    target = str(tmp_path / output)
    done = gridbase("export", "--table", "t", "-o", target)
    expected = f"gridbase: error: Cannot write {target}: {reason.format(tmp=tmp_path)}"
    assert _one_error_line(done) == expected
    assert not (tmp_path / "missing").exists()
