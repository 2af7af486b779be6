"""The record form: ``a`` adds a record in one create call, ``e`` edits the current one;
bad input and core's errors appear next to their field and nothing is written."""

from __future__ import annotations

from textual.widgets import Checkbox, Input, Select, SelectionList, TextArea

from core.models import Event
from core.records import service as records
from core.schema import fields as schema_fields
from tests import factories as make
from tests.tui.helpers import screen_text, settle
from tui.app import GridbaseApp
from tui.screens.record_form import RecordFormScreen
from tui.widgets.table_pane import TablePane

WRITABLE = ["Name", "Qty", "Done", "Due", "Status", "Notes"]


def form_of(app: GridbaseApp) -> RecordFormScreen:
    assert isinstance(app.screen, RecordFormScreen)
    return app.screen


def widget(app: GridbaseApp, key: str):
    field = form_of(app).field(key)
    assert field is not None, key
    return field.input


async def test_add_form_has_a_typed_input_per_writable_field(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        events_before = await Event.filter(table_id=tasks.id).count()
        await pilot.press("a")
        await pilot.pause()
        form = form_of(app)
        assert [f.field_key for f in form.fields] == WRITABLE  # no Id or timestamps
        kinds = {k: type(widget(app, k)) for k in WRITABLE}
        assert kinds == {"Name": Input, "Qty": Input, "Done": Checkbox, "Due": Input,
                         "Status": Select, "Notes": TextArea}
        assert await records.count_records(tasks) == 60  # no empty row first
        await pilot.press(*"Form row", "tab", *"125", "tab", "space", "tab", *"2025-03-04")
        widget(app, "Status").value = "Doing"
        widget(app, "Notes").text = "line one\nline two"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RecordFormScreen), screen_text(app)
        row = await records.get_record(tasks, 61)
        assert {k: row[k] for k in WRITABLE} == {
            "Name": "Form row", "Qty": 125, "Done": True, "Due": "2025-03-04",
            "Status": "Doing", "Notes": "line one\nline two"}
        assert await Event.filter(table_id=tasks.id).count() == events_before + 1
        assert app.screen.query_one(TablePane).grid.cursor_row == 60


async def test_bad_text_is_shown_beside_its_field_and_nothing_is_written(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a", *"x", "tab", *"lots")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = form_of(app)
        assert form.field("Qty").has_error and not form.field("Name").has_error
        assert "'lots' is not a number" in screen_text(app)
        assert await records.count_records(tasks) == 60
        await pilot.press("escape")
        await settle(pilot)
        assert await records.count_records(tasks) == 60


async def test_core_error_names_its_field(tasks) -> None:
    """A required field left empty: core's InvalidValue(field=...) lands under that field."""
    await schema_fields.update_field(tasks.field("Due").id, required=True)
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a", *"No date", "ctrl+s")
        await settle(pilot)
        form = form_of(app)
        assert form.field("Due").has_error
        assert "field 'Due' is required" in screen_text(app)
        assert await records.count_records(tasks) == 60


async def test_e_edits_the_current_record_and_undo_restores_it(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "e")
        await pilot.pause()
        assert widget(app, "Name").value == "Task 2"
        assert widget(app, "Status").value == "Done"
        widget(app, "Qty").value = "7"
        widget(app, "Done").value = False
        await pilot.press("ctrl+s")
        await settle(pilot)
        row = await records.get_record(tasks, 3)
        assert (row["Name"], row["Qty"], row["Done"]) == ("Task 2", 7, False)
        last = await Event.filter(table_id=tasks.id).order_by("-id").first()
        assert last.type == "records.after.update" and last.source == "tui"
        await pilot.press("u")
        await settle(pilot)
        row = await records.get_record(tasks, 3)
        assert (row["Qty"], row["Done"]) == (20, True)


async def test_multiselect_uses_a_selection_list(store) -> None:
    table = await make.table([{"title": "Tags", "uidt": "MultiSelect",
                               "options": {"options": ["red", "green", "blue"]}}], title="Tags")
    await make.rows(table, {"Tags": "red,blue"})
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        tags = widget(app, "Tags")
        assert isinstance(tags, SelectionList) and set(tags.selected) == {"red", "blue"}
        tags.deselect("red")
        tags.select("green")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert (await records.get_record(table, 1))["Tags"] == "green,blue"
