"""``TablePane``: one open table — the filter chips, the grid, its status line, the cell
editor and undo. The pane shows one view of the table; ``show`` swaps in a source for another
view state (a new grid, same pane: the undo history stays).

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
from tui.screens.modals import ChoiceScreen
from tui.undo import CellsChanged, UndoStack
from tui.widgets.cell_editor import CellEditor
from tui.widgets.cells import edit_kind, edit_text, parse_edit
from tui.widgets.filter_chips import FilterChips
from tui.widgets.live_refresh import LiveRefresh
from tui.widgets.pane_clipboard import ClipboardActions
from tui.widgets.pane_history import RowActions
from tui.widgets.record_grid import RecordGrid
from tui.widgets.record_source import Column, CoreRecordSource
from tui.widgets.status_line import StatusLine
from tui.widgets.view_widths import apply_widths, grid_widths

EDITOR_MIN_WIDTH = 24


class TablePane(RowActions, ClipboardActions, LiveRefresh, Vertical):
    DEFAULT_CSS = """
    TablePane { layers: grid editor; height: 1fr; }
    TablePane > RecordGrid { height: 1fr; }
    """
    BINDINGS = [
        Binding("a", "add_row", "Add"),
        Binding("d", "delete_row", "Delete"),
        Binding("e", "edit_record", "Form"),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+r", "redo", "Redo", show=False),
        Binding("ctrl+v", "paste", "Paste", show=False),
        Binding("ctrl+c,y", "copy", "Copy", show=False),
        Binding("ctrl+d", "fill_down", "Fill down", show=False),
    ]

    def __init__(self, source: CoreRecordSource, title: str, *, view_id: str = "",
                 view_title: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.source = source
        self.table_title = title
        self.view_id, self.view_title = view_id, view_title
        self.saved_widths = dict(source.state.widths)
        """The widths the view holds in the database (see ``column_widths``)."""
        self.undo_stack = UndoStack()
        self._editing: tuple[int, int, int] | None = None  # row, column, record id
        self._write_lock = asyncio.Lock()  # writes run one after another, never cancelled

    def compose(self) -> ComposeResult:
        yield FilterChips(id="chips")
        yield self._new_grid()
        yield StatusLine(id="status")
        yield CellEditor(id="editor")

    def _new_grid(self) -> RecordGrid:
        grid = RecordGrid(self.source, id="grid")
        apply_widths(grid, self.source.state.widths)
        return grid

    async def show(self, source: CoreRecordSource, view_id: str, view_title: str) -> None:
        """Show another view state (an opened source): a new grid in place of the old one."""
        column = self.grid.columns[self.grid.cursor_column].key
        self.close_editor()
        await self.grid.remove()
        self.source, self.view_id, self.view_title = source, view_id, view_title
        self.saved_widths = dict(source.state.widths)
        grid = self._new_grid()
        await self.mount(grid, before=self.query_one(StatusLine))
        keys = [c.key for c in grid.columns]
        grid.move_cursor(0, keys.index(column) if column in keys else 0)
        grid.focus()
        self._show_view()

    def column_widths(self) -> dict[str, int] | None:
        """The view's widths with the columns sized here (``<`` ``>``), by field id (None
        while ``show`` swaps the grid)."""
        grids = self.query(RecordGrid)
        return grid_widths(grids.first(), self.source.state.widths) if grids else None

    def _show_view(self) -> None:
        self.query_one(FilterChips).show_state(self.source.state)
        self._update_status()

    @property
    def grid(self) -> RecordGrid:
        return self.query_one(RecordGrid)

    @property
    def editor(self) -> CellEditor:
        return self.query_one(CellEditor)

    def on_mount(self) -> None:
        self.grid.focus()
        self._show_view()
        self.start_live_refresh()

    # --- status --------------------------------------------------------------------------
    @on(RecordGrid.CursorMoved)
    def _update_status(self) -> None:
        if not self.query(RecordGrid):  # ``show`` is swapping the grid
            return
        grid, count, status = self.grid, self.source.row_count, self.query_one(StatusLine)
        titles = self.table_title, self.view_title
        if not count and self.source.state.where is not None:
            status.show_note(*titles, "no rows match the filter (/ to change it)")
        elif not count:
            status.show_note(*titles, "no rows — press a to add one")
        elif grid.on_gutter:
            status.show_cell(*titles, grid.cursor_row, count, "Enter: record form")
        else:
            column = grid.columns[grid.cursor_column]
            status.show_cell(*titles, grid.cursor_row, count, column.key, column.spec.uidt)

    def set_title(self, title: str) -> None:
        self.table_title = title
        self._update_status()

    def set_view_title(self, title: str) -> None:
        self.view_title = title
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

    @on(RecordGrid.FormRequested)
    def _form_requested(self, event: RecordGrid.FormRequested) -> None:
        """Enter or a click on a row number: the record form, as ``e`` opens it."""
        self.grid.move_cursor(row=event.row)
        self.action_edit_record()

    @on(RecordGrid.EditRequested)
    def _edit_requested(self, event: RecordGrid.EditRequested) -> None:
        target = self._target(event.row, event.column)
        if target is None:
            self.grid.end_typing()
            return
        col, record = target
        kind, value = edit_kind(col.spec, event.text), record.get(col.key)
        rid = record[self._pk]
        if kind == "toggle":
            self._write(rid, event.row, col, not value)
        elif kind == "choose":
            self._choose(rid, event.row, col, value)
        else:
            text = edit_text(value, col.spec) if event.text is None else event.text
            self._open_editor(event.row, event.column, rid, text)

    @property
    def _pk(self) -> str:
        return self.source.pk_key

    def _choose(self, rid: int, row: int, col: Column, value: Any) -> None:
        def chosen(choice: str | None) -> None:
            if choice is not None:
                self._write(rid, row, col, choice or None)

        screen = ChoiceScreen(f"{col.key}: choose an option", option_titles(col.spec), value)
        self.app.push_screen(screen, chosen)

    def _open_editor(self, row: int, column: int, rid: int, text: str) -> None:
        self._editing = (row, column, rid)
        self.editor.open(text)
        self._place_editor()
        self.call_after_refresh(self._place_editor)  # again once a pending layout is done

    def _place_editor(self) -> None:
        """Lay the editor over its cell, where the grid is now: the filter chips above the
        grid take one or two lines, and a resize moves the grid."""
        if self._editing is None:
            return
        row, column, _ = self._editing
        grid_at = self.grid.content_region.offset - self.content_region.offset
        region = self.grid.cell_region(row, column).translate(grid_at)
        width = min(max(region.width, EDITOR_MIN_WIDTH), self.size.width)
        self.editor.place(max(0, min(region.x, self.size.width - width)), region.y, width)

    def on_resize(self) -> None:
        self.call_after_refresh(self._place_editor)

    @on(RecordGrid.TypedAhead)
    def _typed_ahead(self, event: RecordGrid.TypedAhead) -> None:
        """Keys typed faster than the editor took the focus (a burst over SSH, a fast
        typist) reached the grid: each is applied to the editor in order, so nothing typed
        is lost and none of them runs a grid command."""
        if self._editing is not None and self._editing[:2] == (event.row, event.column):
            self.editor.replay(event.key, event.character)

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
        self._write(rid, row, col, value, from_editor=True, move=event.move)

    @on(CellEditor.Cancelled)
    def close_editor(self) -> None:
        self._editing = None
        self.editor.close()
        self.grid.focus()

    @work(group="writes", exit_on_error=False)
    async def _write(self, rid: int, row: int, col: Column, value: Any, *,
                     from_editor: bool = False, move: int = 0) -> None:
        before = (self.source.row_at(row) or {}).get(col.key)
        try:
            async with self._write_lock:
                await self.source.update_cell(rid, col.key, value)
        except Exception as exc:  # shown beside the cell or as a notification, never raised
            self._report(exc, from_editor)
            return
        pk = self._pk
        self.undo_stack.push(CellsChanged(({pk: rid, col.key: before},),
                                          ({pk: rid, col.key: value},), row, col.key))
        if from_editor:
            self.close_editor()
        column = self.grid.cursor_column + move if move else None
        moved_to = await self._follow(rid, row)
        # The cursor follows the row only when the view moved it: keys typed during the
        # save (a fast "space j") have already moved the cursor on from the edited row.
        self._after_write(None if moved_to == row else moved_to, column)

    def _report(self, exc: Exception, from_editor: bool) -> None:
        message = exc.message if isinstance(exc, GridbaseError) else str(exc)
        if from_editor and self.editor.is_open:
            self.editor.show_error(message)
        else:
            self.notify(message, severity="error", title="Not saved")

    # --- paste and copy (see ClipboardActions) ------------------------------------------
    @on(RecordGrid.PasteRequested)
    def _paste_requested(self, event: RecordGrid.PasteRequested) -> None:
        self._paste(event.row, event.column, event.text)
