"""The status line at 80 and 120 columns: when it is too narrow, the titles and then the
column's type are dropped, whole, so the column's name and the row position show in full."""

from __future__ import annotations

import pytest

from core.csvio.importer import import_csv
from core.schema import tables
from core.schema.spec import TableSpec
from tests.conftest import met_csv_path
from tests.tui.helpers import screen_text, settle
from tui.app import GridbaseApp
from tui.widgets.status_line import COLUMN, KIND, POSITION, TABLE, VIEW, Part, fitted

PARTS = (Part("Met › Met objects", TABLE), Part("Arms", VIEW), Part("row 9 of 2,000", POSITION),
         Part("Object Begin Date", COLUMN), Part("(Number)", KIND, " "))
FULL = "Met › Met objects · Arms · row 9 of 2,000 · Object Begin Date (Number)"


@pytest.mark.parametrize(("width", "expected"), [
    (len(FULL), FULL),
    (len(FULL) - 1, "Arms · row 9 of 2,000 · Object Begin Date (Number)"),
    (50, "Arms · row 9 of 2,000 · Object Begin Date (Number)"),
    (49, "row 9 of 2,000 · Object Begin Date (Number)"),
    (42, "row 9 of 2,000 · Object Begin Date"),
    (33, "Object Begin Date"),
    (5, "Object Begin Date"),  # the last part is cut by the widget, with an ellipsis
])
def test_the_least_useful_parts_go_first(width: int, expected: str) -> None:
    assert fitted(PARTS, width) == expected


def test_empty_parts_take_no_room() -> None:
    assert fitted((Part("Tasks", TABLE), Part("", VIEW), Part("no rows", COLUMN)), 80) == \
        "Tasks · no rows"


@pytest.fixture
async def met(store: str) -> TableSpec:
    summary = await import_csv(met_csv_path(), table_title="Met objects", base_title="Met")
    return await tables.load_table(summary.table_id)


def status_row(app: GridbaseApp) -> str:
    return next(line for line in screen_text(app).splitlines() if " of 2,000" in line)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_met_columns_show_in_full(met, size) -> None:
    app = GridbaseApp(None, met.id)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("G")  # the last row: the widest position
        grid = app.main_screen.pane.grid
        keys = [column.key for column in grid.columns]
        for name in ("Object Begin Date", "Artist Display Name", "Is Public Domain"):
            grid.move_cursor(column=keys.index(name))
            await pilot.pause()
            line = status_row(app)
            kind = met.field(name).uidt
            assert f"row 2,000 of 2,000 · {name}" in line, line
            assert "…" not in line, line
            if size[0] >= 120:
                assert f"Met › Met objects · row 2,000 of 2,000 · {name} ({kind})" in line
        app.main_screen.action_toggle_sidebar()  # without the sidebar, the 80 columns say all
        await pilot.pause()
        line = status_row(app)
        assert "Met › Met objects · row 2,000 of 2,000 · Is Public Domain (Checkbox)" in line
