"""``TablePane``: one open table — the grid, its status line, the cell editor and undo.

The grid only navigates and asks; this pane turns requests into writes through the record
source: text is parsed by the field type (``parse_text``) before anything is written, so bad
input leaves the database untouched and the reason appears beside the cell. Every write runs
in a worker and every failure becomes a message, never a crash. Each successful change
pushes its inverse on the undo stack.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical

from core.errors import GridbaseError
from core.fields.select import option_titles
from tui.screens.modals import ChoiceScreen, ConfirmScreen
from tui.undo import CellChanged, RowDeleted, RowInserted, UndoEntry, UndoStack
from tui.widgets.cell_editor import CellEditor
from tui.widgets.cells import display_cell, edit_text, parse_edit
from tui.widgets.record_grid import RecordGrid
from tui.widgets.record_source import Column, RecordSource
from tui.widgets.status_line import StatusLine

EDITOR_MIN_WIDTH = 24


class TablePane(Vertical):
    DEFAULT_CSS = """
    TablePane { layers: grid editor; height: 1fr; }
    TablePane > RecordGrid { height: 1fr; }
    """
    BINDINGS = [
        Binding("a", "add_row", "Add"),
        Binding("d", "delete_row", "Delete"),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+v", "paste", "Paste", show=False),
        Binding("ctrl+c", "copy", "Copy", show=False),
    ]

    def __init__(self, source: RecordSource, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source = source
        self.table_title = title
        self.undo_stack = UndoStack()
        self._editing: tuple[int, int, int] | None = None  # row, column, record id
        self._write_lock = asyncio.Lock()  # writes run one after another, never cancelled

    def compose(self) -> ComposeResult:
        yield RecordGrid(self.source, id="grid")
        yield StatusLine(id="status")
        yield CellEditor(id="editor")

    @property
    def grid(self) -> RecordGrid:
        return self.query_one(RecordGrid)

    @property
    def editor(self) -> CellEditor:
        return self.query_one(CellEditor)

    def on_mount(self) -> None:
        self.grid.focus()
        self._update_status()

    # --- status --------------------------------------------------------------------------
    @on(RecordGrid.CursorMoved)
    def _update_status(self) -> None:
        grid, count = self.grid, self.source.row_count
        if not count:
            text = f"{self.table_title} · no rows — press a to add one"
        else:
            column = grid.columns[grid.cursor_column]
            text = (f"{self.table_title} · row {grid.cursor_row + 1:,} of {count:,} · "
                    f"{column.key} ({column.spec.uidt})")
        self.query_one(StatusLine).text = text

    def set_title(self, title: str) -> None:
        self.table_title = title
        self._update_status()

    def _after_write(self, row: int | None = None, column: int | None = None) -> None:
        self.grid.sync()
        self.grid.move_cursor(row, column)
        self._update_status()

    # --- editing -------------------------------------------------------------------------
    def _target(self, row: int, column: int) -> tuple[Column, dict[str, Any]] | None:
        col = self.grid.columns[column]
        record = self.source.row_at(row)
        if record is None:
            self.notify("That row is still loading", severity="warning")
            return None
        if not col.editable:
            self.notify(f"{col.key} is read-only", severity="warning")
            return None
        return col, record

    @on(RecordGrid.EditRequested)
    def _edit_requested(self, event: RecordGrid.EditRequested) -> None:
        target = self._target(event.row, event.column)
        if target is None:
            return
        col, record = target
        family, value = col.spec.type.family, record.get(col.key)
        rid = record[self._pk]
        if family == "checkbox" and event.text in (None, " "):
            self._write(rid, event.row, col, not value)
        elif family == "select":
            self._choose(rid, event.row, col, value)
        else:
            text = edit_text(value, col.spec) if event.text is None else event.text
            self._open_editor(event.row, event.column, rid, text)

    @property
    def _pk(self) -> str:
        return next(c.key for c in self.source.columns if c.spec.uidt == "ID")

    def _choose(self, rid: int, row: int, col: Column, value: Any) -> None:
        def chosen(choice: str | None) -> None:
            if choice is not None:
                self._write(rid, row, col, choice or None)

        screen = ChoiceScreen(f"{col.key}: choose an option", option_titles(col.spec), value)
        self.app.push_screen(screen, chosen)

    def _open_editor(self, row: int, column: int, rid: int, text: str) -> None:
        region = self.grid.cell_region(row, column)
        width = min(max(region.width, EDITOR_MIN_WIDTH), self.size.width)
        x = max(0, min(region.x, self.size.width - width))
        self._editing = (row, column, rid)
        self.editor.open(text, x, region.y, width)

    @on(CellEditor.Committed)
    def _committed(self, event: CellEditor.Committed) -> None:
        if self._editing is None:
            return
        row, column, rid = self._editing
        col = self.grid.columns[column]
        try:
            value = parse_edit(event.text, col.spec)
        except ValueError as exc:
            self.editor.show_error(str(exc))
            return
        self._write(rid, row, col, value, from_editor=True)

    @on(CellEditor.Cancelled)
    def close_editor(self) -> None:
        self._editing = None
        self.editor.close()
        self.grid.focus()

    @work(group="writes", exit_on_error=False)
    async def _write(self, rid: int, row: int, col: Column, value: Any, *,
                     from_editor: bool = False) -> None:
        before = (self.source.row_at(row) or {}).get(col.key)
        try:
            async with self._write_lock:
                await self.source.update_cell(rid, col.key, value)
        except Exception as exc:  # shown beside the cell or as a notification, never raised
            self._report(exc, from_editor)
            return
        self.undo_stack.push(CellChanged(rid, col.key, before, row))
        if from_editor:
            self.close_editor()
        self._after_write()

    def _report(self, exc: Exception, from_editor: bool) -> None:
        message = exc.message if isinstance(exc, GridbaseError) else str(exc)
        if from_editor and self.editor.is_open:
            self.editor.show_error(message)
        else:
            self.notify(message, severity="error", title="Not saved")

    # --- paste and copy ------------------------------------------------------------------
    @on(RecordGrid.PasteRequested)
    def _paste_requested(self, event: RecordGrid.PasteRequested) -> None:
        self._paste(event.row, event.column, event.text)

    def action_paste(self) -> None:
        if self.source.row_count:
            self._paste(self.grid.cursor_row, self.grid.cursor_column, self.app.clipboard)

    def _paste(self, row: int, column: int, text: str) -> None:
        target = self._target(row, column)
        if target is None:
            return
        col, record = target
        text = text.rstrip("\r\n")
        try:
            value = parse_edit(text, col.spec)
        except ValueError as exc:
            self.notify(f"{col.key}: {exc}", severity="error", title="Not pasted")
            return
        self._write(record[self._pk], row, col, value)

    def action_copy(self) -> None:
        record = self.source.row_at(self.grid.cursor_row)
        if record is not None:
            col = self.grid.columns[self.grid.cursor_column]
            self.app.copy_to_clipboard(edit_text(record.get(col.key), col.spec))
            self.notify(f"Copied {col.key}", timeout=2)

    # --- rows and undo -------------------------------------------------------------------
    @work(group="writes", exit_on_error=False)
    async def action_add_row(self) -> None:
        try:
            async with self._write_lock:
                rid, index = await self.source.insert_row({})
        except Exception as exc:
            self._report(exc, False)
            return
        self.undo_stack.push(RowInserted(rid, index))
        self._after_write(index, 0)

    @work(group="writes", exit_on_error=False)
    async def action_delete_row(self) -> None:
        row = self.grid.cursor_row
        record = self.source.row_at(row)
        if record is None:
            return
        label = display_cell(record.get(self.grid.columns[0].key), self.grid.columns[0].spec)
        question = f"Delete row {row + 1:,} ({label.text or 'empty'})? Undo with u."
        if not await self.app.push_screen_wait(ConfirmScreen(question)):
            return
        try:
            async with self._write_lock:
                before = await self.source.delete_row(record[self._pk])
        except Exception as exc:
            self._report(exc, False)
            return
        self.undo_stack.push(RowDeleted(before, record[self._pk], row))
        self._after_write(row)

    @work(group="writes", exit_on_error=False)
    async def action_undo(self) -> None:
        async with self._write_lock:
            entry = self.undo_stack.pop()
            if entry is None:
                self.notify("Nothing to undo", timeout=2)
                return
            try:
                await self._apply_inverse(entry)
            except Exception as exc:
                self._report(exc, False)

    async def _apply_inverse(self, entry: UndoEntry) -> None:
        if isinstance(entry, CellChanged):
            await self.source.update_cell(entry.record_id, entry.key, entry.before)
            column = next(i for i, c in enumerate(self.grid.columns) if c.key == entry.key)
            self._after_write(entry.row, column)
        elif isinstance(entry, RowInserted):
            await self.source.delete_row(entry.record_id)
            self._after_write(entry.row)
        else:
            new_id, index = await self.source.insert_row(entry.values)
            self.undo_stack.remap(entry.record_id, new_id)
            self._after_write(index)
            self.notify(f"Row restored (now Id {new_id})", timeout=3)
