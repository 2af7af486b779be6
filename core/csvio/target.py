"""Where an import goes: the base, the table, and which field receives each CSV column.

A new table gets one field per CSV column, typed by ``infer`` (or ``--types`` / all text).
Its indexes are built once after the rows are in — cheaper than keeping them up to date row
by row — and select types named in ``--types`` are applied after the import too, through the
schema's type change, which creates the options from the values found.

An existing table (same title, any case) receives the rows: CSV columns map to fields by
title; a column with no field is an error that lists them all. Columns titled like a system
field (``Id``, ``CreatedAt``, ``UpdatedAt``) are skipped: the database sets those.

Planning only reads; ``materialise`` is the first write, so a ``--strict`` import can run it
inside its one transaction and leave nothing behind when it fails.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from core.csvio.infer import TEXT, infer_types
from core.csvio.source import is_system_title
from core.errors import BaseNotFound, InvalidRequest
from core.fields import registry
from core.fields.base import FieldSpec
from core.models import Base
from core.schema.bases import create_base, list_bases, resolve_base
from core.schema.fields import change_type, set_indexed
from core.schema.spec import TableSpec
from core.schema.tables import create_table, find_table, load_table

DEFAULT_BASE = "Default"
_AFTER_IMPORT = frozenset({"SingleSelect", "MultiSelect"})


@dataclass
class Target:
    base_title: str
    base: Base | None
    title: str
    existing: TableSpec | None
    titles: list[str]            # kept CSV columns, in file order
    uidts: list[str]             # the final field type of each kept column
    keep: list[int]              # their positions in the record
    skipped: list[str] = field(default_factory=list)


async def plan(base_key: str | None, table_title: str, header: Sequence[str],
               sample: Sequence[Sequence[str]], types: Mapping[str, str] | None,
               all_text: bool) -> Target:
    base, base_title = await _base(base_key, table_title)
    existing = await find_table(base.id, table_title) if base else None
    keep = [i for i, t in enumerate(header) if not is_system_title(t)]
    skipped = [t for t in header if is_system_title(t)]
    titles = [header[i] for i in keep]
    if not titles:
        raise InvalidRequest("The CSV has no columns to import (Id, CreatedAt and UpdatedAt "
                             "are set by the database)")
    _check_override_titles(types or {}, titles)
    if existing is not None:
        spec = await load_table(existing.id)
        uidts = _map_existing(spec, titles, types or {})
        return Target(base_title, base, spec.title, spec, titles, uidts, keep, skipped)
    inferred = infer_types(header, sample)
    uidts = [TEXT if all_text else inferred[i] for i in keep]
    uidts = [(types or {}).get(t, u) for t, u in zip(titles, uidts)]
    return Target(base_title, base, table_title.strip(), None, titles, uidts, keep, skipped)


async def _base(key: str | None, table_title: str) -> tuple[Base | None, str]:
    """The base named by ``key`` (id or title; None if it is to be created), or a default."""
    if key:
        try:
            base = await resolve_base(key)
        except BaseNotFound:
            return None, key.strip()
        return base, base.title
    bases = await list_bases()
    holding = [b for b in bases if await find_table(b.id, table_title)]
    if len(holding) == 1:
        return holding[0], holding[0].title
    if len(holding) > 1 or len(bases) > 1:
        names = ", ".join(b.title for b in (holding or bases))
        raise InvalidRequest(f"Several bases ({names}); say which one with --base")
    return (bases[0], bases[0].title) if bases else (None, DEFAULT_BASE)


def _check_override_titles(types: Mapping[str, str], titles: Sequence[str]) -> None:
    unknown = [t for t in types if t not in titles]
    if unknown:
        raise InvalidRequest(f"--types names columns that are not in the CSV: {', '.join(unknown)}"
                             f" (its columns are: {', '.join(titles)})", field="types")


def _map_existing(table: TableSpec, titles: Sequence[str], types: Mapping[str, str]) -> list[str]:
    by_title = {f.title.casefold(): f for f in table.fields if not f.system}
    missing = [t for t in titles if t.casefold() not in by_title]
    if missing:
        have = ", ".join(f.title for f in table.fields if not f.system)
        raise InvalidRequest(f"Table '{table.title}' has no field for the CSV column(s) "
                             f"{', '.join(missing)} (its fields are: {have})", columns=missing)
    uidts = [by_title[t.casefold()].uidt for t in titles]
    for title, uidt in types.items():
        current = by_title[title.casefold()].uidt
        if current != uidt:
            raise InvalidRequest(f"Field '{title}' of table '{table.title}' is already {current}; "
                                 "--types chooses types only for a new table", field=title)
    return uidts


async def materialise(target: Target) -> tuple[TableSpec, list[FieldSpec]]:
    """Create the base and table if needed; return the table and the field of each kept column."""
    if target.existing is not None:
        table = target.existing
    else:
        base = target.base or await create_base(target.base_title)
        defs = [{"title": t, "uidt": TEXT if u in _AFTER_IMPORT else u, "indexed": False}
                for t, u in zip(target.titles, target.uidts)]
        table = await create_table(base.id, target.title, defs or None)
    by_title = {f.title.casefold(): f for f in table.fields if not f.system}
    return table, [by_title[t.casefold()] for t in target.titles]


async def finish(target: Target, table: TableSpec) -> TableSpec:
    """After the rows of a new table are in: build its indexes and apply select types."""
    if target.existing is not None:
        return table
    for spec, uidt in zip([table.field(t) for t in target.titles], target.uidts):
        if uidt in _AFTER_IMPORT:
            await change_type(spec.id, uidt)
        elif registry.get(uidt).default_indexed and registry.get(uidt).indexable:
            await set_indexed(spec.id, True)
    return await load_table(table.id)
