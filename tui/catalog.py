"""What the sidebar lists: every base with its tables and their saved views, read from core
as plain values."""

from __future__ import annotations

from dataclasses import dataclass

from core.schema import bases, tables
from core.views.service import views_by_table


@dataclass(frozen=True)
class ViewEntry:
    id: str
    title: str
    table_id: str
    is_default: bool


@dataclass(frozen=True)
class TableEntry:
    id: str
    title: str
    base_id: str
    views: tuple[ViewEntry, ...] = ()


@dataclass(frozen=True)
class BaseEntry:
    id: str
    title: str
    tables: tuple[TableEntry, ...]


Entry = BaseEntry | TableEntry | ViewEntry


async def load_catalog() -> list[BaseEntry]:
    found = [(base, await tables.list_tables(base.id)) for base in await bases.list_bases()]
    views = await views_by_table([t.id for _, rows in found for t in rows])
    return [BaseEntry(base.id, base.title, tuple(
        TableEntry(t.id, t.title, base.id, tuple(
            ViewEntry(v.id, v.title, t.id, v.is_default) for v in views.get(t.id, [])))
        for t in rows)) for base, rows in found]


def find_table(catalog: list[BaseEntry], table_id: str) -> TableEntry | None:
    for base in catalog:
        for table in base.tables:
            if table.id == table_id:
                return table
    return None
