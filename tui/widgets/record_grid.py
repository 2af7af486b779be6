"""``RecordGrid``: a virtual spreadsheet over a ``RecordSource`` on Textual's Line API.

``virtual_size`` spans the whole table, but ``render_line(y)`` draws only the visible line
from the source's page cache. Line 0 is the header and the gutter plus the first column are
drawn at the same place whatever the scroll offset, which freezes them. A row that is not in
memory yet is drawn as "…" cells and a worker fetches its page, then repaints. No I/O ever
happens in ``render_line``. The grid never writes data: it posts ``EditRequested``,
``PasteRequested`` and ``FormRequested`` for its container to act on. Cursor movement, the
selection, keys and the mouse are in ``grid_cursor.GridCursor``.
"""

from __future__ import annotations

from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.widgets.cells import Cell, auto_width, display_cell
from tui.widgets.grid_cursor import CURSOR_BINDINGS, GridCursor
from tui.widgets.grid_geometry import GridGeometry
from tui.widgets.grid_lines import FormattedRows, LinePainter
from tui.widgets.record_source import RecordSource

MEASURE_SAMPLE = 200


class RecordGrid(GridCursor, ScrollView, can_focus=True):
    """A table of records with a cell cursor (moved by ``GridCursor``); typing starts an edit."""

    COMPONENT_CLASSES = {
        "record-grid--header", "record-grid--row-number", "record-grid--cursor",
        "record-grid--cursor-row", "record-grid--separator", "record-grid--loading",
        "record-grid--selection",
    }
    DEFAULT_CSS = """
    RecordGrid { background: $surface; color: $foreground; }
    RecordGrid > .record-grid--header { text-style: bold; background: $panel; }
    RecordGrid > .record-grid--row-number { color: $text-muted; }
    RecordGrid > .record-grid--cursor { text-style: reverse bold; }
    RecordGrid > .record-grid--cursor-row { background: $boost; }
    RecordGrid > .record-grid--separator { color: $text-muted; }
    RecordGrid > .record-grid--loading { color: $text-muted; }
    RecordGrid > .record-grid--selection { background: $accent 40%; text-style: bold; }
    """
    BINDINGS = [
        *CURSOR_BINDINGS,
        Binding("enter", "edit", "Edit"),
        Binding("less_than_sign", "resize(-2)", "Narrower", key_display="<", show=False),
        Binding("greater_than_sign", "resize(2)", "Wider", key_display=">", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, init=False)
    cursor_column: reactive[int] = reactive(0, init=False)

    class CursorMoved(Message):
        def __init__(self, row: int, column: int) -> None:
            super().__init__()
            self.row, self.column = row, column

    class EditRequested(Message):
        """Edit the cursor cell; ``text`` is the key typed to start it (None: Enter)."""

        def __init__(self, row: int, column: int, text: str | None) -> None:
            super().__init__()
            self.row, self.column, self.text = row, column, text

    class TypedAhead(Message):
        """A key for the edit of (row, column) that reached the grid before the editor had
        the focus; ``character`` is None for a key that types nothing (Enter, an arrow)."""

        def __init__(self, row: int, column: int, key: str, character: str | None) -> None:
            super().__init__()
            self.row, self.column, self.key, self.character = row, column, key, character

    class PasteRequested(Message):
        def __init__(self, row: int, column: int, text: str) -> None:
            super().__init__()
            self.row, self.column, self.text = row, column, text

    class FormRequested(Message):
        """Open the record form on ``row`` (Enter or a click on its row number)."""

        def __init__(self, row: int) -> None:
            super().__init__()
            self.row = row

    def __init__(self, source: RecordSource, *, name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.source = source
        self.columns = source.columns
        self.geometry = GridGeometry([len(c.key) for c in self.columns])
        self._measured = False
        self._manual_widths: set[int] = set()
        self._loading = False
        self._rows = FormattedRows(source, self.columns)
        self._painter = LinePainter(self.geometry, self.columns, self._rows)
        self._styles: dict[tuple[str, bool], Style] = {}
        self.anchor: tuple[int, int] | None = None  # the other corner of a range selection
        self.on_gutter = False  # the cursor is on the row number, not a cell
        self.typing: tuple[int, int] | None = None  # the cell whose edit owns typed keys

    @property
    def manual_widths(self) -> set[int]:
        """Indexes of the columns sized by hand (``<``/``>`` or a saved view): auto-fit leaves
        them alone. The set itself, so a caller restoring widths can add to it."""
        return self._manual_widths

    # --- size and loading ----------------------------------------------------------------
    def on_mount(self) -> None:
        self.sync()

    def sync(self) -> None:
        """Re-read the row count and widths after the source changed (load, write, refresh)."""
        if self.source.row_at(self._top_row()) is not None or self.source.row_count == 0:
            self._measure()
        self.geometry.gutter = GridGeometry.gutter_for(self.source.row_count)
        view = self.scrollable_content_region.width - self.geometry.fixed_width
        width = self.geometry.fixed_width + self.geometry.scroll_extent(view)
        self.virtual_size = Size(width, self.source.row_count + 1)
        self.cursor_row = min(self.cursor_row, max(0, self.source.row_count - 1))
        self._sync_window()
        self.refresh()

    def _measure(self) -> None:
        """Fit widths to the title and the loaded rows on screen: set on first data, then
        only widen (so columns do not jump while scrolling); a width set with < > stays."""
        top = self._top_row()
        sample = MEASURE_SAMPLE if not self._measured else self.view_rows
        rows = [r for i in range(top, top + sample) if (r := self.source.row_at(i))]
        for i, c in enumerate(self.columns):
            if i in self._manual_widths:
                continue
            fitted = auto_width(c.key, [display_cell(r.get(c.key), c.spec).text for r in rows])
            old = self.geometry.widths[i]
            self.geometry.set_width(i, max(old, fitted) if self._measured else fitted)
        self._measured = True

    @property
    def view_rows(self) -> int:
        """Data rows that fit on screen (the header takes one line)."""
        return max(1, self.scrollable_content_region.height - 1)

    def _sync_window(self) -> None:
        top = self._top_row()
        self.source.want(top, top + self.view_rows)
        self._ensure_loader()

    def _ensure_loader(self) -> None:
        if not self._loading:
            self._loading = True
            self.run_worker(self._load_pages(), group="grid-pages", exit_on_error=False)

    async def _load_pages(self) -> None:
        try:
            while await self.source.load_next():
                self.sync()
        except Exception as exc:  # a failed read must not take the app down
            self.notify(f"Could not load rows: {exc}", severity="error", title="Grid")
        finally:
            self._loading = False

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._sync_window()

    def on_resize(self) -> None:
        """Also the first layout: a cursor placed before it (a new grid keeping the column of
        the one it replaced) is scrolled into view once the grid has its width."""
        self.sync()
        self.scroll_to_cursor()

    # --- rendering -----------------------------------------------------------------------
    def cell_at(self, index: int, column: int) -> Cell | None:
        """The cell as drawn, or None while its row is loading."""
        entry = self._rows.get(index)
        return None if entry is None else self._rows.cell(entry, column)

    def render_line(self, y: int) -> Strip:
        width, scroll_x = self.scrollable_content_region.width, int(self.scroll_offset.x)
        if y == 0:
            return self._painter.paint(width, scroll_x, None, self._rows.header(), None,
                                       self._row_style(None), self._component)
        index = self._top_row() + y - 1
        if index >= self.source.row_count:
            return Strip.blank(width, self.rich_style)
        entry = self._rows.get(index)
        if entry is None:
            self._ensure_loader()
        here = index == self.cursor_row
        cursor = self.cursor_column if here and not self.on_gutter else None
        r0, c0, r1, c1 = self.selection
        selected = (c0, c1) if self.anchor is not None and r0 <= index <= r1 else None
        return self._painter.paint(width, scroll_x, index, entry, cursor,
                                   self._row_style(index), self._component, selected,
                                   gutter_cursor=here and self.on_gutter)

    def _row_style(self, index: int | None) -> Style:
        if index is None:
            return self._component("header", partial=False)
        if index == self.cursor_row:
            return self._component("cursor-row", partial=False)
        return self._component("", partial=False)

    def _component(self, name: str, partial: bool = True) -> Style:
        """Component styles, cached until the CSS or theme changes (render_line is hot)."""
        key = (name, partial)
        style = self._styles.get(key)
        if style is None:
            if not name:
                style = self.rich_style
            elif partial:
                style = self.get_component_rich_style(f"record-grid--{name}", partial=True)
            else:
                style = self.rich_style + self.get_component_rich_style(f"record-grid--{name}")
            self._styles[key] = style
        return style

    def notify_style_update(self) -> None:
        self._styles.clear()
        super().notify_style_update()

    # --- cursor --------------------------------------------------------------------------
    def watch_cursor_row(self) -> None:
        self._cursor_changed()

    def watch_cursor_column(self) -> None:
        self._cursor_changed()

    def _cursor_changed(self) -> None:
        self.scroll_to_cursor()
        self.refresh()
        self.post_message(self.CursorMoved(self.cursor_row, self.cursor_column))

    def action_resize(self, delta: int) -> None:
        width = self.geometry.widths[self.cursor_column] + delta
        self.geometry.set_width(self.cursor_column, max(1, min(200, width)))
        self._manual_widths.add(self.cursor_column)
        self.sync()
