"""Select options in the TUI: a new select field asks for its options, a type change to a
select offers the values found, and ``o`` edits the options (rename moves the rows' values, a
used option is not removed); every refusal is core's, shown in the dialog."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, OptionList

from core.fields.select import option_titles
from core.records import service as records
from core.schema.tables import load_table
from tests.tui.helpers import screen_text, settle
from tests.tui.test_fields_screen import open_fields
from tui.app import GridbaseApp
from tui.screens.fields import field_types
from tui.screens.modals import ChoiceScreen
from tui.screens.select_options import OptionsPrompt, OptionsScreen, join_options, split_options
from tui.widgets.table_pane import TablePane


@pytest.mark.parametrize("text, titles", [
    ("Todo, Doing,Done", ["Todo", "Doing", "Done"]),
    ('a, "b, c", d', ["a", "b, c", "d"]),
    ("", []),
    ("a,,b", ["a", "", "b"]),
])
def test_split_and_join_options(text: str, titles: list[str]) -> None:
    assert split_options(text) == titles
    assert split_options(join_options(titles)) == titles


WAITING = {"schema", "fields-edit", "options-edit"}  # workers that wait for a dialog


async def calm(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let every worker finish except those waiting for a dialog to close."""
    for _ in range(3):
        busy = [w for w in pilot.app.workers if w.group not in WAITING and not w.is_finished]
        if busy:
            await pilot.app.workers.wait_for_complete(busy)
        await pilot.pause()


async def pick(pilot, uidt: str) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(pilot.app.screen, ChoiceScreen)
    pilot.app.screen.query_one(OptionList).highlighted = field_types().index(uidt) + 1
    await pilot.press("enter")
    await calm(pilot)


async def options_of(tasks, title: str) -> list[str]:  # type: ignore[no-untyped-def]
    return option_titles((await load_table(tasks.id)).field(title))


async def type_options(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(pilot.app.screen, OptionsPrompt)
    pilot.app.screen.query_one("#options-input").value = text
    await pilot.press("enter")
    await calm(pilot)


async def test_new_select_field_asks_for_options_and_core_validates_them(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await open_fields(pilot)
        await pilot.press("n", *"Stage", "enter")
        await pick(pilot, "MultiSelect")
        for bad, message in [("a, a", "unique"), ("a,,b", "non-empty"),
                             ('a, "b,c"', "cannot contain ','")]:
            await type_options(pilot, bad)
            assert message in screen_text(app)  # the dialog stays open, saying why
        await type_options(pilot, "Plan, Build, Ship")
        assert await options_of(tasks, "Stage") == ["Plan", "Build", "Ship"]
        await pilot.press("escape")
        await settle(pilot)
        pane = app.screen.query_one(TablePane)
        stage = next(c for c in pane.grid.columns if c.key == "Stage")
        assert option_titles(stage.spec) == ["Plan", "Build", "Ship"]


async def test_escape_in_the_options_prompt_adds_nothing(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await open_fields(pilot)
        await pilot.press("n", *"Stage", "enter")
        await pick(pilot, "SingleSelect")
        await pilot.press("escape")
        await calm(pilot)
        assert "Stage" not in [f.title for f in (await load_table(tasks.id)).fields]


async def test_changing_to_select_offers_the_values_found(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await open_fields(pilot)
        screen.query_one(DataTable).move_cursor(row=0)  # Name: Task 0 … Task 59
        await pilot.press("t")
        await pick(pilot, "SingleSelect")
        prompt = app.screen
        assert isinstance(prompt, OptionsPrompt)
        value = prompt.query_one("#options-input").value
        assert value.startswith("Task 0, Task 1, Task 2")
        await type_options(pilot, value + ", Extra")
        assert (await options_of(tasks, "Name"))[-2:] == ["Task 59", "Extra"]
        assert (await records.get_record(await load_table(tasks.id), 1))["Name"] == "Task 0"


async def test_options_screen_adds_renames_moves_and_refuses_a_used_removal(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await open_fields(pilot)
        screen.query_one(DataTable).move_cursor(row=0)
        await pilot.press("o")
        await calm(pilot)
        assert "only SingleSelect and MultiSelect" in screen_text(app)
        screen.query_one(DataTable).move_cursor(row=4)  # Status
        await pilot.press("o")
        await calm(pilot)
        options = app.screen
        assert isinstance(options, OptionsScreen)
        assert "Todo" in screen_text(app) and "20" in screen_text(app)  # 60 rows, 3 options
        await pilot.press("n", *"Blocked", "enter")
        await calm(pilot)
        await pilot.press("r")
        await calm(pilot)
        assert app.screen.query_one("Input").value == "Blocked"  # the cursor followed it
        app.screen.query_one("Input").value = "Stuck"
        await pilot.press("enter")
        await calm(pilot)
        options.query_one(DataTable).move_cursor(row=0)
        await pilot.press("r")
        await calm(pilot)
        app.screen.query_one("Input").value = "To do"
        await pilot.press("enter")
        await calm(pilot)
        assert await options_of(tasks, "Status") == ["To do", "Doing", "Done", "Stuck"]
        table = await load_table(tasks.id)
        assert (await records.get_record(table, 1))["Status"] == "To do"  # rows followed
        await pilot.press("x")  # To do: used by 20 rows
        await calm(pilot)
        assert "'To do' of 'Status' is used by 20 row(s)" in screen_text(app)
        options.query_one(DataTable).move_cursor(row=3)
        await pilot.press("K")
        await calm(pilot)
        assert await options_of(tasks, "Status") == ["To do", "Doing", "Stuck", "Done"]
        await pilot.press("x")  # the cursor followed Stuck, which no row uses
        await calm(pilot)
        assert await options_of(tasks, "Status") == ["To do", "Doing", "Done"]
        await pilot.press("escape")
        await calm(pilot)
        await pilot.press("escape")
        await settle(pilot)
        status = next(c for c in app.screen.query_one(TablePane).grid.columns
                      if c.key == "Status")
        assert option_titles(status.spec) == ["To do", "Doing", "Done"]
