"""``RecordGrid``: a virtual spreadsheet over a ``RecordSource`` on Textual's Line API.

``virtual_size`` spans the whole table, but ``render_line(y)`` draws only the visible line
from the source's page cache. Line 0 is the header and the gutter plus the first column are
drawn at the same place whatever the scroll offset, which freezes them. A row that is not in
memory yet is drawn as "…" cells and a worker fetches its page, then repaints. No I/O ever
happens in ``render_line``. The grid never writes data: it posts ``EditRequested`` and
``PasteRequested`` for its container to act on.
"""

from __future__ import annotations

from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.widgets.cells import Cell, auto_width, display_cell
from tui.widgets.grid_geometry import GridGeometry
from tui.widgets.grid_lines import FormattedRows, LinePainter
from tui.widgets.record_source import RecordSource

MEASURE_SAMPLE = 200


class RecordGrid(ScrollView, can_focus=True):
    """A table of records with a cell cursor. Keys in ``BINDINGS``; typing starts an edit."""

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

    class PasteRequested(Message):
        def __init__(self, row: int, column: int, text: str) -> None:
            super().__init__()
            self.row, self.column, self.text = row, column, text

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

    def _top_row(self) -> int:
        return int(self.scroll_offset.y)

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
        self.sync()

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
        cursor = self.cursor_column if index == self.cursor_row else None
        r0, c0, r1, c1 = self.selection
        selected = (c0, c1) if self.anchor is not None and r0 <= index <= r1 else None
        return self._painter.paint(width, scroll_x, index, entry, cursor,
                                   self._row_style(index), self._component, selected)

    @property
    def selection(self) -> tuple[int, int, int, int]:
        """First row, first column, last row, last column of the selection (the cursor cell
        when nothing is selected)."""
        ar, ac = self.anchor or (self.cursor_row, self.cursor_column)
        return (min(ar, self.cursor_row), min(ac, self.cursor_column),
                max(ar, self.cursor_row), max(ac, self.cursor_column))

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

    def move_cursor(self, row: int | None = None, column: int | None = None) -> None:
        if row is not None:
            self.cursor_row = max(0, min(row, self.source.row_count - 1))
        if column is not None:
            self.cursor_column = max(0, min(column, len(self.columns) - 1))

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
            self.scroll_to(x=x, y=y, animate=False, immediate=True)

    def cell_region(self, row: int, column: int) -> Region:
        """The cell's region relative to the widget (for placing an editor over it)."""
        x = self.geometry.column_x(column, int(self.scroll_offset.x))
        return Region(x, row - self._top_row() + 1, self.geometry.widths[column], 1)

    def action_move(self, rows: int, columns: int) -> None:
        self.clear_selection()
        self.move_cursor(self.cursor_row + rows, self.cursor_column + columns)

    def action_extend(self, rows: int, columns: int) -> None:
        """Shift+arrow: grow or shrink the range selection from where it started."""
        if self.anchor is None:
            self.anchor = (self.cursor_row, self.cursor_column)
        self.move_cursor(self.cursor_row + rows, self.cursor_column + columns)
        self.refresh()

    def clear_selection(self) -> None:
        if self.anchor is not None:
            self.anchor = None
            self.refresh()

    def action_page(self, direction: int) -> None:
        self.move_cursor(self.cursor_row + direction * self.view_rows)

    def action_column_edge(self, last: int) -> None:
        self.move_cursor(column=len(self.columns) - 1 if last else 0)

    def action_row_edge(self, last: int) -> None:
        self.move_cursor(row=self.source.row_count - 1 if last else 0)

    def action_resize(self, delta: int) -> None:
        width = self.geometry.widths[self.cursor_column] + delta
        self.geometry.set_width(self.cursor_column, max(1, min(200, width)))
        self._manual_widths.add(self.cursor_column)
        self.sync()

    def action_edit(self) -> None:
        if self.source.row_count:
            self.post_message(self.EditRequested(self.cursor_row, self.cursor_column, None))

    # --- keys, mouse and paste -----------------------------------------------------------
    def on_key(self, event: events.Key) -> None:
        if not event.is_printable or event.character is None:
            return
        if event.key in self.app.active_bindings or not self.source.row_count:
            return
        event.stop()
        event.prevent_default()
        self.post_message(self.EditRequested(self.cursor_row, self.cursor_column, event.character))

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        if self.source.row_count:
            self.post_message(self.PasteRequested(self.cursor_row, self.cursor_column, event.text))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        column = self._column_at(offset.x)
        self.move_cursor(self._top_row() + offset.y - 1, column)
        if event.chain == 2:
            self.action_edit()

    def _column_at(self, x: int) -> int:
        scroll_x = int(self.scroll_offset.x)
        for column in range(len(self.columns) - 1, -1, -1):
            if column == 0 or x >= self.geometry.fixed_width:
                if self.geometry.column_x(column, scroll_x) <= x:
                    return column
        return 0
