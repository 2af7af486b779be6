"""Column widths of a view, between the grid (indexes, ``GridGeometry``) and the view (field ids).

A width restored from the view counts as set by hand, exactly as one set with ``<`` ``>``: the
grid's auto-fit leaves it alone. Widths of columns that are not shown (hidden now) are kept.
"""

from __future__ import annotations

from collections.abc import Mapping

from tui.widgets.record_grid import RecordGrid

MIN_WIDTH, MAX_WIDTH = 1, 200


def apply_widths(grid: RecordGrid, widths: Mapping[str, int]) -> None:
    """Give the grid's columns the view's widths (call before the grid's first paint)."""
    for i, column in enumerate(grid.columns):
        width = widths.get(column.spec.id)
        if width is not None:
            grid.geometry.set_width(i, max(MIN_WIDTH, min(MAX_WIDTH, int(width))))
            grid.manual_widths.add(i)


def grid_widths(grid: RecordGrid, saved: Mapping[str, int]) -> dict[str, int]:
    """``saved`` updated with the width of every column the user sized in this grid."""
    out = dict(saved)
    for i in sorted(grid.manual_widths):
        if i < len(grid.columns):
            out[grid.columns[i].spec.id] = grid.geometry.widths[i]
    return out
