"""What the sidebar lists: every base with its tables, read from core as plain values."""

from __future__ import annotations

from dataclasses import dataclass

from core.schema import bases, tables


@dataclass(frozen=True)
class TableEntry:
    id: str
    title: str
    base_id: str


@dataclass(frozen=True)
class BaseEntry:
    id: str
    title: str
    tables: tuple[TableEntry, ...]


Entry = BaseEntry | TableEntry


async def load_catalog() -> list[BaseEntry]:
    out = []
    for base in await bases.list_bases():
        rows = await tables.list_tables(base.id)
        out.append(BaseEntry(base.id, base.title,
                             tuple(TableEntry(t.id, t.title, base.id) for t in rows)))
    return out


def find_table(catalog: list[BaseEntry], table_id: str) -> TableEntry | None:
    for base in catalog:
        for table in base.tables:
            if table.id == table_id:
                return table
    return None
