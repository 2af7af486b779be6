"""Drawing the grid one screen line at a time.

``FormattedRows`` turns cached rows into cells lazily (only columns that come into view are
formatted) and forgets them when the source's content changes. ``LinePainter`` builds the
``Strip`` of one line: the gutter and the frozen column first, then the scrolled columns that
overlap the view, cropped to the horizontal scroll offset.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui.widgets.cells import Cell, display_cell, fit
from tui.widgets.grid_geometry import GridGeometry
from tui.widgets.record_source import Column, RecordSource, Row

LOADING = Cell("…")
MAX_FORMATTED_ROWS = 500
FormattedRow = tuple[Row, list[Cell | None]]
StyleOf = Callable[[str], Style]


class FormattedRows:
    def __init__(self, source: RecordSource, columns: Sequence[Column]) -> None:
        self.source, self.columns = source, columns
        self._rows: dict[int, FormattedRow] = {}
        self._generation = -1

    def get(self, index: int) -> FormattedRow | None:
        """The row at ``index`` (None while it loads) with a slot per cell."""
        if self._generation != self.source.generation or len(self._rows) > MAX_FORMATTED_ROWS:
            self._rows.clear()
            self._generation = self.source.generation
        entry = self._rows.get(index)
        if entry is None:
            row = self.source.row_at(index)
            if row is None:
                return None
            entry = self._rows[index] = (row, [None] * len(self.columns))
        return entry

    def cell(self, entry: FormattedRow, column: int) -> Cell:
        row, cells = entry
        cell = cells[column]
        if cell is None:
            spec = self.columns[column].spec
            cell = cells[column] = display_cell(row.get(spec.title), spec)
        return cell

    def header(self) -> FormattedRow:
        return {}, [Cell(c.key) for c in self.columns]


class LinePainter:
    def __init__(self, geometry: GridGeometry, columns: Sequence[Column],
                 rows: FormattedRows) -> None:
        self.geometry, self.columns, self.rows = geometry, columns, rows

    def paint(self, width: int, scroll_x: int, index: int | None, entry: FormattedRow | None,
              cursor: int | None, base: Style, style: StyleOf,
              selected: tuple[int, int] | None = None, *, gutter_cursor: bool = False) -> Strip:
        """Line of row ``index`` (None: the header); ``cursor`` is the cursor's column here,
        ``selected`` the first and last column of the range selection on this row, and
        ``gutter_cursor`` puts the cursor on the row number."""
        g = self.geometry
        gutter = "" if index is None else str(index + 1)
        number = base + style("row-number") + (style("cursor") if gutter_cursor else Style())
        segments = [Segment(fit(gutter, g.gutter - 1, right=True) + " ", number)]
        segments += self._cell(0, index, entry, cursor, base, style, "┃", selected)
        fixed = Strip(segments)
        view = width - g.fixed_width
        if view <= 0:
            return fixed.crop(0, width).adjust_cell_length(width, base)
        visible = g.visible_columns(scroll_x, view)
        moving: list[Segment] = []
        for column in visible:
            moving += self._cell(column, index, entry, cursor, base, style, "│", selected)
        start = scroll_x - (g.offsets()[visible[0] - 1] if visible else 0)
        scrolled = Strip(moving).crop(start, start + view).adjust_cell_length(view, base)
        return Strip.join([fixed, scrolled])

    def _cell(self, column: int, index: int | None, entry: FormattedRow | None,
              cursor: int | None, base: Style, style: StyleOf, separator: str,
              selected: tuple[int, int] | None = None) -> list[Segment]:
        cell = self.rows.cell(entry, column) if entry else LOADING
        is_data = index is not None and entry is not None
        look = base
        if entry is None:
            look = base + style("loading")
        elif cell.color and is_data:
            look = base + Style(color=cell.color)
        if selected is not None and selected[0] <= column <= selected[1]:
            look = look + style("selection")
        if column == cursor:
            look = look + style("cursor")
        right = is_data and self.columns[column].right_align
        text = fit(cell.text, self.geometry.widths[column], right)
        return [Segment(text, look), Segment(separator, base + style("separator"))]
