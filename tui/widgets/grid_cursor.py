"""``GridCursor``: how the grid's cell cursor moves — keys, range selection, mouse and paste.

Mixed into ``RecordGrid`` (which owns the ``cursor_row`` / ``cursor_column`` reactives and the
messages). Besides the cells, the cursor can sit on the row number (the gutter): ``left`` (or
``Home``) from the first column moves onto it, ``right`` moves back, and Enter or a click on a
row number asks for the record form (``FormRequested``); typing there does nothing.

A key typed on a cell (or Enter) starts an edit, but the editor takes the focus only a moment
later; keys typed in between (a fast typist, a burst over SSH) still arrive here. Until then
every key belongs to the edit (``typing``): it is passed on as ``TypedAhead`` instead of
running a grid binding, so "maybe yes" types into the cell rather than adding a row at "a".
With no edit pending, a bound key runs its binding at once, in the order typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.binding import Binding
from textual.geometry import Region

from tui.widgets.cells import edit_kind

if TYPE_CHECKING:
    from tui.widgets.grid_geometry import GridGeometry
    from tui.widgets.record_source import Column, RecordSource

CURSOR_BINDINGS = [
    Binding("up,k", "move(-1, 0)", "Up", show=False),
    Binding("down,j", "move(1, 0)", "Down", show=False),
    Binding("left,h", "move(0, -1)", "Left", show=False),
    Binding("right,l", "move(0, 1)", "Right", show=False),
    Binding("shift+up", "extend(-1, 0)", "Select up", show=False),
    Binding("shift+down", "extend(1, 0)", "Select down", show=False),
    Binding("shift+left", "extend(0, -1)", "Select left", show=False),
    Binding("shift+right", "extend(0, 1)", "Select right", show=False),
    Binding("pageup", "page(-1)", "Page up", show=False),
    Binding("pagedown", "page(1)", "Page down", show=False),
    Binding("home", "column_edge(0)", "First column", show=False),
    Binding("end", "column_edge(1)", "Last column", show=False),
    Binding("ctrl+home,g", "row_edge(0)", "First row", show=False),
    Binding("ctrl+end,G", "row_edge(1)", "Last row", show=False),
]

TYPING_ENDS = frozenset({"enter", "escape", "tab"})


class GridCursor:
    """Cursor actions and input handlers; relies on ``RecordGrid``'s state and messages."""

    source: RecordSource
    columns: tuple[Column, ...]
    geometry: GridGeometry
    cursor_row: int
    cursor_column: int
    anchor: tuple[int, int] | None
    on_gutter: bool
    typing: tuple[int, int] | None
    scroll_offset: Any
    scrollable_content_region: Region
    view_rows: int

    @property
    def selection(self) -> tuple[int, int, int, int]:
        """First row, first column, last row, last column of the selection (the cursor cell
        when nothing is selected)."""
        ar, ac = self.anchor or (self.cursor_row, self.cursor_column)
        return (min(ar, self.cursor_row), min(ac, self.cursor_column),
                max(ar, self.cursor_row), max(ac, self.cursor_column))

    def move_cursor(self, row: int | None = None, column: int | None = None) -> None:
        """Move to a cell (clamped); a column given leaves the row number."""
        if row is not None:
            self.cursor_row = max(0, min(row, self.source.row_count - 1))
        if column is not None:
            self.set_gutter(False)
            self.cursor_column = max(0, min(column, len(self.columns) - 1))

    def set_gutter(self, on: bool) -> None:
        """Put the cursor on the row number (``on``) or back on the first column's cells."""
        if on != self.on_gutter:
            self.on_gutter = on
            if on:
                self.cursor_column = 0
            self.refresh()  # type: ignore[attr-defined]
            self.post_message(self.CursorMoved(self.cursor_row, self.cursor_column))  # type: ignore[attr-defined]

    def scroll_to_cursor(self) -> None:
        top, rows = self._top_row(), self.view_rows
        y = top
        if self.cursor_row < top:
            y = self.cursor_row
        elif self.cursor_row >= top + rows:
            y = self.cursor_row - rows + 1
        view = self.scrollable_content_region.width - self.geometry.fixed_width
        x = self.geometry.scroll_x_showing(self.cursor_column, int(self.scroll_offset.x), view)
        if (x, y) != (int(self.scroll_offset.x), top):
            self.scroll_to(x=x, y=y, animate=False, immediate=True)  # type: ignore[attr-defined]

    def _top_row(self) -> int:
        return int(self.scroll_offset.y)

    def cell_region(self, row: int, column: int) -> Region:
        """The cell's region relative to the widget (for placing an editor over it)."""
        x = self.geometry.column_x(column, int(self.scroll_offset.x))
        return Region(x, row - self._top_row() + 1, self.geometry.widths[column], 1)

    # --- actions -------------------------------------------------------------------------
    def action_move(self, rows: int, columns: int) -> None:
        self.clear_selection()
        if columns < 0 and self.cursor_column == 0:
            self.set_gutter(True)
        elif columns > 0 and self.on_gutter:
            self.set_gutter(False)
        elif columns:
            self.move_cursor(column=self.cursor_column + columns)
        if rows:
            self.move_cursor(row=self.cursor_row + rows)

    def action_extend(self, rows: int, columns: int) -> None:
        """Shift+arrow: grow or shrink the range selection from where it started."""
        self.set_gutter(False)
        if self.anchor is None:
            self.anchor = (self.cursor_row, self.cursor_column)
        self.move_cursor(self.cursor_row + rows, self.cursor_column + columns)
        self.refresh()  # type: ignore[attr-defined]

    def clear_selection(self) -> None:
        if self.anchor is not None:
            self.anchor = None
            self.refresh()  # type: ignore[attr-defined]

    def action_page(self, direction: int) -> None:
        self.move_cursor(self.cursor_row + direction * self.view_rows)

    def action_column_edge(self, last: int) -> None:
        """End: the last column. Home: the first column, and from there the row number."""
        if not last and self.cursor_column == 0:
            self.set_gutter(True)
        else:
            self.move_cursor(column=len(self.columns) - 1 if last else 0)

    def action_row_edge(self, last: int) -> None:
        self.move_cursor(row=self.source.row_count - 1 if last else 0)

    def action_edit(self) -> None:
        """Enter: edit the cell, or open the record form from the row number."""
        if not self.source.row_count:
            return
        if self.on_gutter:
            self.post_message(self.FormRequested(self.cursor_row))  # type: ignore[attr-defined]
        else:
            self._request_edit(None)

    def _request_edit(self, text: str | None) -> None:
        """Ask for an edit of the cursor cell; one that opens the editor owns the keys that
        follow until the editor has the focus."""
        column = self.columns[self.cursor_column]
        if column.editable and edit_kind(column.spec, text) == "type":
            self.typing = (self.cursor_row, self.cursor_column)
        self.post_message(self.EditRequested(  # type: ignore[attr-defined]
            self.cursor_row, self.cursor_column, text))

    def end_typing(self) -> None:
        """The editor has the focus, or the edit was refused: keys are the grid's again."""
        self.typing = None

    # --- keys, mouse and paste -----------------------------------------------------------
    async def on_key(self, event: events.Key) -> None:
        if self.typing is not None:
            self._type_ahead(event, *self.typing)
            return
        bound = self.app.active_bindings.get(event.key)  # type: ignore[attr-defined]
        if bound is not None:
            if bound.enabled:
                await self._run_now(event, bound.binding.action, bound.node)
            return
        if not event.is_printable or event.character is None or not self.source.row_count:
            return
        event.stop()
        event.prevent_default()
        if not self.on_gutter:
            self._request_edit(event.character)

    async def _run_now(self, event: events.Key, action: str, node: Any) -> None:
        """Run a key's binding here rather than once the key has bubbled up to the app: by
        then an edit started by the next key may have moved the focus, and "jx" would edit
        the row the cursor was leaving."""
        event.stop()
        event.prevent_default()
        await self.app.run_action(action, node)  # type: ignore[attr-defined]

    def _type_ahead(self, event: events.Key, row: int, column: int) -> None:
        """A key typed before the editor took the focus: it is the edit's, whatever it is
        bound to here. Enter, Esc and Tab end the edit, so keys after them are the grid's."""
        event.stop()
        event.prevent_default()
        self.post_message(self.TypedAhead(  # type: ignore[attr-defined]
            row, column, event.key, event.character))
        if event.key in TYPING_ENDS:
            self.end_typing()

    def on_blur(self) -> None:
        self.end_typing()

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        if self.source.row_count:
            self.post_message(self.PasteRequested(  # type: ignore[attr-defined]
                self.cursor_row, self.cursor_column, event.text))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)  # type: ignore[arg-type]
        if offset is None or offset.y == 0:
            return
        row = self._top_row() + offset.y - 1
        if offset.x < self.geometry.gutter:
            if row < self.source.row_count:
                self.move_cursor(row)
                self.set_gutter(True)
                self.action_edit()
            return
        self.move_cursor(row, self._column_at(offset.x))
        if event.chain == 2:
            self.action_edit()

    def _column_at(self, x: int) -> int:
        scroll_x = int(self.scroll_offset.x)
        for column in range(len(self.columns) - 1, -1, -1):
            if column == 0 or x >= self.geometry.fixed_width:
                if self.geometry.column_x(column, scroll_x) <= x:
                    return column
        return 0
