"""The cell editor opens over its cell wherever the grid sits: below filter chips of one or
two lines (a saved view reopened at start), and after the terminal was resized."""

from __future__ import annotations

import pytest
from textual.geometry import Region

from core.query import parse_where
from core.views.state import ViewState, default_view, save_view_state
from tests.tui.helpers import settle
from tui import state
from tui.app import GridbaseApp
from tui.widgets.filter_chips import FilterChips
from tui.widgets.table_pane import TablePane

TWO_LINES = "(Qty,gte,100)~and(Name,like,Task)~and(Notes,like,rather long note)"


def pane_of(app: GridbaseApp) -> TablePane:
    return app.screen_stack[0].query_one(TablePane)


async def open_with_filter(tasks, where: str | None) -> None:
    if where is not None:
        view = await default_view(tasks.id)
        await save_view_state(view.id, ViewState(where=parse_where(where)))
        state.save_last_view(tasks.id, view.id)


def cell_on_screen(pane: TablePane) -> Region:
    grid = pane.grid
    cell = grid.cell_region(grid.cursor_row, grid.cursor_column)
    return cell.translate(grid.content_region.offset)


@pytest.mark.parametrize("where, chip_lines", [
    (None, 0), ("(Qty,gte,100)", 1), (TWO_LINES, 2),
])
@pytest.mark.parametrize("column", [0, 1])
async def test_the_editor_opens_over_the_cell(tasks, where, chip_lines, column) -> None:
    await open_with_filter(tasks, where)
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane = pane_of(app)
        assert pane.query_one(FilterChips).outer_size.height == chip_lines
        pane.grid.move_cursor(2, column)
        await pilot.press("x")
        await settle(pilot)
        cell, editor = cell_on_screen(pane), pane.editor.region
        assert pane.editor.is_open
        assert (editor.x, editor.y) == (cell.x, cell.y)
        assert editor.width >= cell.width


async def test_the_editor_opens_over_the_cell_after_a_resize(tasks) -> None:
    await open_with_filter(tasks, TWO_LINES)
    app = GridbaseApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        pane = pane_of(app)
        assert pane.query_one(FilterChips).outer_size.height == 2
        await pilot.press("x")
        await settle(pilot)
        editor = pane.editor.region
        assert (editor.x, editor.y) == cell_on_screen(pane).offset
