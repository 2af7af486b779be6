"""``gridbase import`` / ``gridbase export`` as a subprocess, on SQLite."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Run
from tests.conftest import met_csv_path


def test_import_then_export_gives_back_the_file(gridbase: Run, tmp_path: Path) -> None:
    done = gridbase("import", str(met_csv_path()), "--table", "Met", "--base", "Met Museum")
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0]
    assert first.startswith("Imported 2,000 rows into Met Museum › Met (m") and "rows/s" in first
    assert "Is Highlight" in done.stdout and "Checkbox" in done.stdout
    out = gridbase("export", "--table", "Met")
    assert out.returncode == 0, out.stderr
    assert out.stdout == met_csv_path().read_text(encoding="utf-8")
    target = tmp_path / "out.csv"
    saved = gridbase("export", "-t", "Met", "-b", "Met Museum", "-o", str(target), "--fields",
                     "Object ID,Title")
    assert saved.returncode == 0 and "Exported 2,000 rows" in saved.stderr
    assert target.read_text(encoding="utf-8").splitlines()[0] == "Object ID,Title"


def test_bad_rows_are_listed_and_strict_aborts(gridbase: Run, tmp_path: Path) -> None:
    path = tmp_path / "qty.csv"
    path.write_text("Name,Qty\na,1\nb,lots\nc,3\n", encoding="utf-8")
    strict = gridbase("import", str(path), "--types", "Qty=Number", "--strict")
    assert strict.returncode == 1
    assert strict.stderr.strip().splitlines() == [
        "gridbase: error: line 3, field 'Qty': 'lots' is not a number — nothing was imported "
        "(--strict)"]
    assert "No tables." in gridbase("tables").stdout
    loose = gridbase("import", str(path), "--types", "Qty=Number")
    assert loose.returncode == 0
    assert "Imported 2 rows into Default › qty" in loose.stdout
    assert "line 3, field 'Qty': 'lots' is not a number" in loose.stderr


def test_import_from_stdin_appends_to_the_table(gridbase: Run) -> None:
    csv_text = "Name,Born\nAda,1815\n"
    assert gridbase("import", "-", "--table", "People", stdin=csv_text).returncode == 0
    again = gridbase("import", "-", "--table", "People", stdin=csv_text)
    assert "existing table" in again.stdout
    assert gridbase("export", "--table", "People").stdout == "Name,Born\nAda,1815\nAda,1815\n"
    missing = gridbase("import", "-", stdin=csv_text)
    assert missing.returncode == 1 and "--table is required" in missing.stderr


def test_db_option_before_or_after_the_command(gridbase: Run, tmp_path: Path,
                                               cli_db: Path) -> None:
    other = tmp_path / "other.db"
    path = tmp_path / "t.csv"
    path.write_text("A\n1\n", encoding="utf-8")
    assert gridbase("import", str(path), "--db", str(other), db=False).returncode == 0
    assert "t  (1 rows)" in gridbase("--db", str(other), "tables", db=False).stdout
    assert "does not exist" in gridbase("tables").stderr  # the default --db was never made
    cli_db.touch()
    assert "No tables." in gridbase("tables").stdout
