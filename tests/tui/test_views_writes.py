"""Writing in a filtered, sorted view: a new row and an edited row are found where the view's
order puts them (the cursor follows), or the user is told the filter hides them; the chips
never lose what they say at 80x24; the field and view pickers find a name as it is typed."""

from __future__ import annotations

from core.query import parse_where
from core.records.listing import SortKey
from core.views.state import ViewState, default_view, save_view_state
from tests.tui.helpers import screen_text, settle
from tui import state
from tui.app import GridbaseApp
from tui.screens.pick import PickScreen, SearchList, find_match
from tui.screens.record_form import RecordFormScreen
from tui.widgets.filter_chips import FilterChips
from tui.widgets.table_pane import TablePane

COLUMNS = ["Name", "Qty", "Done", "Due", "Status", "Notes", "Id"]


def pane_of(app: GridbaseApp) -> TablePane:
    return app.screen_stack[0].query_one(TablePane)


def notified(app, text: str) -> bool:
    return any(text in n.message for n in app._notifications)


async def qty_view(tasks) -> None:
    """Qty ≥ 100 (rows Task 10 … Task 59), largest Qty first."""
    view = await default_view(tasks.id)
    await save_view_state(view.id, ViewState(where=parse_where("(Qty,gte,100)"),
                                             sort=(SortKey(tasks.field("Qty"), True),)))
    state.save_last_view(tasks.id, view.id)


async def add(pilot, name: str, qty: str) -> None:
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, RecordFormScreen)
    await pilot.press(*name, "tab", *qty, "ctrl+s")
    await settle(pilot)


async def test_a_new_row_lands_where_the_view_sorts_it(tasks) -> None:
    await qty_view(tasks)
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane = pane_of(app)
        await add(pilot, "Fresh", "255")  # 34 rows (Qty 590 … 260) come before it
        assert pane.source.row_count == 51 and pane.grid.cursor_row == 34
        assert pane.source.row_at(34)["Name"] == "Fresh"
        assert "row 35 of 51" in screen_text(app)

        pane.grid.move_cursor(3, 0)
        await add(pilot, "Tiny", "5")  # saved, but Qty ≥ 100 hides it
        assert notified(app, "this view's filter hides it")
        assert pane.source.row_count == 51 and pane.grid.cursor_row == 3


async def test_an_edited_row_is_followed_or_reported_gone(tasks) -> None:
    await qty_view(tasks)
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane = pane_of(app)
        pane.grid.move_cursor(0, COLUMNS.index("Qty"))  # Task 59, Qty 590
        await pilot.press(*"255", "enter")
        await settle(pilot)
        assert pane.grid.cursor_row == 33 and pane.source.row_at(33)["Name"] == "Task 59"

        await pilot.press(*"1", "enter")  # no longer Qty ≥ 100
        await settle(pilot)
        assert notified(app, "no longer matches this view's filter")
        assert pane.source.row_count == 49 and pane.grid.cursor_row == 33
        await pilot.press("u")
        await settle(pilot)
        assert pane.source.row_count == 50 and pane.grid.cursor_row == 33
        assert pane.source.row_at(33)["Name"] == "Task 59"


async def test_long_chips_end_with_an_ellipsis_and_keep_the_sort(tasks) -> None:
    view = await default_view(tasks.id)
    where = "~and".join(f"(Name,neq,Some long name number {i})" for i in range(6))
    await save_view_state(view.id, ViewState(where=parse_where(where),
                                             sort=(SortKey(tasks.field("Qty"), True),),
                                             hidden=frozenset({tasks.field("Due").id})))
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        chips = app.screen_stack[0].query_one(FilterChips)
        lines = [line.rstrip() for line in screen_text(app).splitlines()]
        shown = [line for line in lines if "Sort: Qty ↓ · 1 hidden · Filter: Name" in line]
        assert len(shown) == 1 and chips.size.height == 2
        following = lines[lines.index(shown[0]) + 1]
        assert following.endswith("…")


async def test_the_field_picker_finds_what_is_typed(tasks) -> None:
    assert find_match(["Id", "Object Number", "Object Begin Date"], "object b") == 2
    assert find_match(["Name", "Last Name"], "name") == 0
    assert find_match(["Name", "Last Name"], "st n") == 1
    assert find_match(["Name"], "zz") is None
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s", "n")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        await pilot.press("q")  # a letter to search for here, not "cancel" or "quit"
        assert isinstance(app.screen, PickScreen)
        app.screen.query_one(SearchList).last_key = 0.0  # as if typed a while ago
        await pilot.press(*"sta", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [k.field.title for k in pane_of(app).source.state.sort] == ["Status"]
