"""TUI fixtures: state kept in a temp dir, and a small table of every main field type."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.schema.spec import TableSpec
from tests import factories as make

TASK_FIELDS = [
    {"title": "Name", "uidt": "SingleLineText"},
    {"title": "Qty", "uidt": "Number"},
    {"title": "Done", "uidt": "Checkbox"},
    {"title": "Due", "uidt": "Date"},
    {"title": "Status", "uidt": "SingleSelect", "options": {"options": ["Todo", "Doing", "Done"]}},
    {"title": "Notes", "uidt": "LongText"},
]
STATUSES = ["Todo", "Doing", "Done"]


def task_row(i: int) -> dict:
    return {"Name": f"Task {i}", "Qty": i * 10, "Done": i % 2 == 0,
            "Due": f"2025-01-{i % 28 + 1:02d}", "Status": STATUSES[i % 3],
            "Notes": "a rather long note that will not fit in its column " * (i % 2)}


@pytest.fixture(autouse=True)
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "state"
    monkeypatch.setenv("GRIDBASE_STATE_DIR", str(path))
    return path


@pytest.fixture
async def tasks(store: str) -> TableSpec:
    """A "Tasks" table with 60 rows (so it spans more than one screen, but one page)."""
    table = await make.table(TASK_FIELDS, title="Tasks")
    await make.rows(table, *[task_row(i) for i in range(60)])
    return table
