"""Where columns sit on screen: widths, the row-number gutter and the frozen first column.

Kept apart from the widget so the arithmetic (which columns are visible at a horizontal
scroll offset, where a cell is) can be read and tested without a running app.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

SEPARATOR = 1


@dataclass
class GridGeometry:
    """``widths[0]`` is the frozen column; the others scroll horizontally."""

    widths: list[int] = field(default_factory=list)
    gutter: int = 2
    _offsets: list[int] | None = field(default=None, repr=False)

    def set_width(self, column: int, width: int) -> None:
        self.widths[column] = width
        self._offsets = None

    @property
    def frozen_width(self) -> int:
        return self.widths[0] + SEPARATOR if self.widths else 0

    @property
    def fixed_width(self) -> int:
        """Gutter plus frozen column: the part that never scrolls sideways."""
        return self.gutter + self.frozen_width

    def offsets(self) -> list[int]:
        """x of each scrolling column (index 1..) inside the scrolling area (cached)."""
        if self._offsets is None:
            out, x = [], 0
            for width in self.widths[1:]:
                out.append(x)
                x += width + SEPARATOR
            self._offsets = out
        return self._offsets

    @property
    def scroll_width(self) -> int:
        return sum(w + SEPARATOR for w in self.widths[1:])

    @property
    def total_width(self) -> int:
        return self.fixed_width + self.scroll_width

    def visible_columns(self, scroll_x: int, view_width: int) -> list[int]:
        """Indexes (1..) of scrolling columns that overlap ``[scroll_x, scroll_x+view_width)``."""
        offsets = self.offsets()
        if not offsets or view_width <= 0:
            return []
        start = max(0, bisect_right(offsets, scroll_x) - 1)
        out = []
        for i in range(start, len(offsets)):
            if offsets[i] >= scroll_x + view_width:
                break
            out.append(i + 1)
        return out

    def column_x(self, column: int, scroll_x: int) -> int:
        """x of a column's first cell relative to the widget (may be off screen)."""
        if column == 0:
            return self.gutter
        return self.fixed_width + self.offsets()[column - 1] - scroll_x

    def scroll_x_showing(self, column: int, scroll_x: int, view_width: int) -> int:
        """The scroll offset, at a column boundary, that brings ``column`` into view while
        moving as little as possible."""
        if column == 0:
            return scroll_x
        offsets = self.offsets()
        start = offsets[column - 1]
        end = start + self.widths[column] + SEPARATOR
        if start < scroll_x or end - start >= view_width:
            return start
        if end > scroll_x + view_width:
            return next(o for o in offsets if o >= end - view_width)
        return scroll_x

    def scroll_extent(self, view_width: int) -> int:
        """Width to scroll over: enough that the last column shows from a column boundary."""
        if view_width <= 0 or not self.offsets():
            return self.scroll_width
        need = next(o for o in self.offsets() + [self.scroll_width]
                    if o >= self.scroll_width - view_width)
        return max(self.scroll_width, need + view_width)

    @staticmethod
    def gutter_for(row_count: int) -> int:
        return len(str(max(row_count, 1))) + 1
