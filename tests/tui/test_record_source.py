"""``CoreRecordSource`` paging, the LRU budget, reading deep pages from the far end, writes;
``GridGeometry`` column arithmetic."""

from __future__ import annotations

import pytest

from core.errors import InvalidValue, RecordNotFound
from core.records import service as records
from tests import factories as make
from tui.widgets.grid_geometry import GridGeometry
from tui.widgets.record_source import CoreRecordSource, display_columns


@pytest.fixture
async def numbers(store):
    table = await make.table({"Name": "SingleLineText", "Qty": "Number"}, title="Numbers")
    await make.rows(table, *[{"Name": f"n{i}", "Qty": i} for i in range(1050)])
    return table


async def test_pages_load_on_demand_within_budget(numbers) -> None:
    source = CoreRecordSource(numbers, page_size=100, max_pages=3)
    await source.open()
    assert source.row_count == 1050 and source.row_at(0)["Name"] == "n0"
    assert source.row_at(500) is None
    for first in (0, 300, 600, 900, 1040, 0, 450):
        source.want(first, first + 30)
        while await source.load_next():
            pass
        assert source.row_at(first)["Name"] == f"n{first}"
        assert source.pages_in_memory <= 3 and source.rows_in_memory <= 300


@pytest.mark.parametrize("offset, limit", [(0, 5), (95, 10), (1000, 50), (1040, 20), (1049, 1),
                                           (525, 3)])
async def test_get_rows_match_the_service_from_either_end(numbers, offset, limit) -> None:
    source = CoreRecordSource(numbers, page_size=100)
    await source.refresh()
    rows = await source.get_rows(offset, limit)
    from core.records.listing import ListQuery

    expected = (await records.list_records(numbers, ListQuery(limit=limit, offset=offset))).rows
    assert rows == expected


async def test_writes_patch_the_cache_and_recount(numbers) -> None:
    source = CoreRecordSource(numbers)
    await source.open()
    fresh = await source.update_cell(3, "Qty", 99)
    assert fresh["Qty"] == 99 and source.row_at(2)["Qty"] == 99
    rid, index = await source.insert_row({"Name": "new", "Id": 5, "CreatedAt": "x"})
    assert (source.row_count, index) == (1051, 1050)
    before = await source.delete_row(rid)
    assert before["Name"] == "new" and source.row_count == 1050
    with pytest.raises(InvalidValue):
        await source.update_cell(1, "Qty", "many")
    with pytest.raises(RecordNotFound):
        await source.update_cell(rid, "Qty", 1)


async def test_columns_put_primary_first_and_system_last(store) -> None:
    table = await make.table({"Title": "SingleLineText", "Qty": "Number"})
    assert [c.key for c in display_columns(table)] == [
        "Title", "Qty", "Id", "CreatedAt", "UpdatedAt"]


GEOMETRY = GridGeometry(widths=[6, 4, 9, 3, 10], gutter=3)  # scrolling offsets 0, 5, 15, 19


@pytest.mark.parametrize("scroll_x, view, visible", [
    (0, 10, [1, 2]), (5, 10, [2]), (4, 12, [1, 2, 3]), (19, 5, [4]), (0, 0, []),
])
def test_visible_columns(scroll_x, view, visible) -> None:
    assert GEOMETRY.visible_columns(scroll_x, view) == visible


@pytest.mark.parametrize("column, scroll_x, view, expected", [
    (0, 7, 10, 7),     # the frozen column never scrolls
    (1, 7, 10, 0),     # left of the view: its start
    (2, 0, 10, 5),     # right of the view: the nearest column boundary
    (4, 0, 12, 19),    # the last column: from its own start
    (3, 5, 20, 5),     # already visible: no change
    (4, 0, 6, 19),     # wider than the view: its start
])
def test_scroll_x_showing_lands_on_column_boundaries(column, scroll_x, view, expected) -> None:
    assert GEOMETRY.scroll_x_showing(column, scroll_x, view) == expected


def test_geometry_widths() -> None:
    assert (GEOMETRY.fixed_width, GEOMETRY.scroll_width) == (10, 30)
    assert GEOMETRY.scroll_extent(12) == 19 + 12   # the last column can start the view
    assert GEOMETRY.column_x(2, 5) == 10 + 5 - 5
    assert GridGeometry.gutter_for(1_000_000) == 8
