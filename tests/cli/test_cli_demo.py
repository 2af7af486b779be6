"""``gridbase demo --no-tui``: the bundled Met sample, made once and reused."""

from __future__ import annotations

from tests.cli.conftest import Run


def test_demo_prepares_once_and_reuses(gridbase: Run) -> None:
    first = gridbase("demo", "--no-tui")
    assert first.returncode == 0, first.stderr
    table_id = first.stdout.strip().splitlines()[-1]
    assert table_id.startswith("m")
    second = gridbase("demo", "--no-tui")
    assert second.stdout.strip().splitlines()[-1] == table_id
    tables = gridbase("tables").stdout
    assert f"{table_id}    Met Museum › Met  (2,000 rows)" in tables
    assert "Met Museum  (1 table)" in gridbase("bases").stdout
