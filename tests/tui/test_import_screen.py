"""The CSV import screen on the real Met sample: the type preview, changing a type, an import
that completes (and opens the table), a cancelled import that leaves nothing, bad paths."""

from __future__ import annotations

import asyncio
import contextlib
import csv
from pathlib import Path

from textual.widgets import Input, Select
from textual.worker import WorkerCancelled

from core.csvio import writer as csv_writer
from core.records import service as records
from core.schema.tables import list_tables, load_table
from tests.conftest import met_csv_path
from tests.tui.helpers import screen_text
from tui.app import GridbaseApp
from tui.screens.import_csv import ImportScreen
from tui.widgets.table_pane import TablePane


def met_rows() -> int:
    with met_csv_path().open(encoding="utf-8-sig", newline="") as handle:
        return sum(1 for row in csv.reader(handle) if row) - 1


async def calm(pilot) -> None:
    """Let workers finish, except the main screen's one waiting for the import screen."""
    for _ in range(3):
        busy = [w for w in pilot.app.workers if w.group != "schema" and not w.is_finished]
        if busy:
            with contextlib.suppress(WorkerCancelled):  # an exclusive worker replaced
                await pilot.app.workers.wait_for_complete(busy)
        await pilot.pause()


async def open_import(pilot, path: str | Path | None = None) -> ImportScreen:
    await calm(pilot)
    await pilot.press("I")
    await calm(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen)
    if path is not None:
        screen.query_one("#import-path", Input).value = str(path)
        await pilot.press("enter")
        await calm(pilot)
    return screen


async def until(pilot, check, timeout: float = 30.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if check():
            return
        await pilot.pause(0.05)
    raise AssertionError("timed out")


async def user_tables(base_id: str) -> list[str]:
    return [t.title for t in await list_tables(base_id)]


async def test_preview_shows_inferred_types_and_values(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(pilot, met_csv_path())
        columns = screen.columns
        assert columns is not None and len(columns.rows) == 54
        types = columns.types()
        assert types["Object ID"] == "Number" and types["Is Highlight"] == "Checkbox"
        assert types["Link Resource"] == "URL" and types["Title"] == "SingleLineText"
        assert screen.query_one("#import-title", Input).value == met_csv_path().stem
        assert not columns.failing()
        text = screen_text(app)
        assert "54 columns" in text and "first 1,000 rows" in text
        assert "Object ID" in text and "503046" in text and "Checkbox" in text


async def test_changing_a_type_flags_cells_that_will_not_convert(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(pilot, met_csv_path())
        row = screen.columns.row("Object Number")
        row.query_one(Select).value = "Decimal"      # as chosen in the list; "2002.323a–f" fails
        await pilot.pause()
        assert row.check.bad_count > 0 and "2002.323a–f" in row.check.bad
        assert [r.column.title for r in screen.columns.failing()] == ["Object Number"]
        assert "✗" in screen_text(app)
        assert "will not convert to Decimal" in screen.message
        row.set_type("SingleLineText")
        await pilot.pause()
        assert not screen.columns.failing()


async def test_import_completes_with_edited_types_and_opens_the_table(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(pilot, met_csv_path())
        screen.query_one("#import-title", Input).value = "Met objects"
        screen.columns.row("Department").set_type("SingleSelect")
        screen.columns.row("Object ID").set_type("SingleLineText")
        await pilot.press("ctrl+s")

        def opened() -> bool:
            panes = app.screen.query(TablePane)
            return bool(panes) and panes.first().source.table.title == "Met objects"

        await until(pilot, opened)
        pane = app.screen.query_one(TablePane)
        table = pane.source.table
        assert table.title == "Met objects" and table.base_id == tasks.base_id
        assert await records.count_records(table) == met_rows() == pane.source.row_count
        spec = await load_table(table.id)
        assert spec.field("Department").uidt == "SingleSelect"
        assert spec.field("Object ID").uidt == "SingleLineText"
        assert spec.field("Is Highlight").uidt == "Checkbox"
        assert "Met objects" in screen_text(app)


async def test_cancelled_import_leaves_no_table(tasks, monkeypatch) -> None:
    write = csv_writer.BatchWriter.write

    async def slow_write(self, tx, params, count):  # a real write, paced so Esc lands mid-way
        await asyncio.sleep(0.05)
        return await write(self, tx, params, count)

    monkeypatch.setattr(csv_writer.BatchWriter, "write", slow_write)
    app = GridbaseApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(pilot, met_csv_path())
        screen.batch_size = 100
        screen.query_one("#import-title", Input).value = "Half"
        await pilot.press("ctrl+s")
        for _ in range(200):
            await pilot.pause(0.01)
            if screen.rows_done >= 200:
                break
        assert 0 < screen.rows_done < met_rows()
        await pilot.press("escape")
        await calm(pilot)
        assert app.screen is screen                      # back to the preview, told why
        assert "cancelled" in screen.message and screen.import_run is None
        assert await user_tables(tasks.base_id) == ["Tasks"]
        await pilot.press("escape")                      # a second Esc closes the screen
        await calm(pilot)
        assert not isinstance(app.screen, ImportScreen)


BAD_PATHS = [
    ("", "Type the path of a CSV file first"),
    ("/nonexistent/met.csv", "File not found: /nonexistent/met.csv"),
    ("/nonexistent/[b]met[/b].csv", "File not found: /nonexistent/[b]met[/b].csv"),  # no markup
    ("{tmp}", "Cannot read"),
    ("{tmp}/empty.csv", "is empty"),
]


async def test_bad_paths_get_a_message_and_write_nothing(tasks, tmp_path) -> None:
    (tmp_path / "empty.csv").write_text("")
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        for path, expected in BAD_PATHS:
            screen.query_one("#import-path", Input).value = path.format(tmp=tmp_path)
            await pilot.press("enter")
            await calm(pilot)
            assert expected in screen.message and screen.columns is None, path
            await pilot.press("ctrl+s")
            await calm(pilot)
            assert expected in screen.message, path
        assert await user_tables(tasks.base_id) == ["Tasks"]


async def test_title_of_an_existing_table_is_refused(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot, met_csv_path())
        screen.query_one("#import-title", Input).value = "tasks"
        await pilot.press("ctrl+s")
        await calm(pilot)
        assert "already has a table titled 'tasks'" in screen.message
        assert await user_tables(tasks.base_id) == ["Tasks"]


async def test_failure_half_way_leaves_no_table(tasks, tmp_path) -> None:
    path = tmp_path / "broken.csv"
    lines = "Name,Qty\n" + "".join(f"n{i},{i}\n" for i in range(3000))
    path.write_bytes(lines.encode() + b"bad \xff byte,1\n")   # not UTF-8 after 3,000 rows
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot, path)
        assert screen.columns.types() == {"Name": "SingleLineText", "Qty": "Number"}
        screen.batch_size = 500
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Import failed" in screen.message)
        await calm(pilot)
        assert "is not UTF-8" in screen.message and "Nothing was imported" in screen.message
        assert screen.rows_done >= 500                   # batches had been committed …
        assert isinstance(app.screen, ImportScreen)      # … and were dropped with the table
        assert await user_tables(tasks.base_id) == ["Tasks"]
