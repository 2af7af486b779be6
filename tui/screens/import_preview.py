"""What the import screen shows before anything is written: a CSV's columns, the field type
core infers for each, the first values, and which sampled cells a chosen type rejects.

Headless on purpose (no Textual): it reads the file with core's own CSV source and inference
(``core.csvio``), the same code ``import_csv`` runs, and checks cells with the same per-cell
conversion the import uses, so a cell flagged here is a row the import will skip.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.csvio.convert import cell_converter
from core.csvio.infer import SAMPLE_ROWS, TEXT, infer_types
from core.csvio.source import is_system_title, open_source
from core.fields import registry
from core.fields.base import FieldSpec

SHOWN_VALUES = 3
KEPT_BAD = 5
# Select fields are filled as text and converted after the import (options come from the
# values), so every sampled cell fits them.
_FILLED_AS_TEXT = frozenset({"select", "multiselect"})


@dataclass(frozen=True)
class PreviewColumn:
    """One CSV column to import: its title, the inferred type and its sampled cells."""

    title: str
    inferred: str
    values: tuple[str, ...]

    @property
    def shown(self) -> tuple[str, ...]:
        """The first few non-empty values (what the preview prints)."""
        return tuple(v for v in self.values if v != "")[:SHOWN_VALUES]


@dataclass(frozen=True)
class CsvPreview:
    path: str
    columns: tuple[PreviewColumn, ...]
    skipped: tuple[str, ...]  # Id, CreatedAt, UpdatedAt: set by the database
    sample_rows: int

    @property
    def default_title(self) -> str:
        return Path(self.path).stem or "Imported"


@dataclass(frozen=True)
class ColumnCheck:
    """How a column's sampled cells fare under one field type."""

    uidt: str
    bad: tuple[str, ...]  # the first few distinct rejected values
    bad_count: int
    first_error: str = ""

    @property
    def ok(self) -> bool:
        return self.bad_count == 0


def import_types() -> list[str]:
    """The field types a column can be imported as (every writable type)."""
    return [n for n in registry.names() if registry.get(n).writable]


def read_preview(path: str) -> CsvPreview:
    """Read the header and the first ``SAMPLE_ROWS`` records of ``path`` and infer types.

    Raises:
        GridbaseError: the file is missing, unreadable, empty or not UTF-8 (core's message).
    """
    with open_source(path) as source:
        header = source.header()
        sample = [cells for _, cells in source.take(SAMPLE_ROWS, lambda line, message: None)]
    types = infer_types(header, sample)
    rows = [r for r in sample if len(r) == len(header)]
    columns = tuple(PreviewColumn(title, types[i], tuple(r[i] for r in rows))
                    for i, title in enumerate(header) if not is_system_title(title))
    skipped = tuple(t for t in header if is_system_title(t))
    return CsvPreview(str(path), columns, skipped, len(rows))


def check_column(column: PreviewColumn, uidt: str, dialect: str) -> ColumnCheck:
    """Convert every sampled cell of ``column`` as ``uidt``; collect the ones that fail."""
    ftype = registry.get(uidt)
    effective = TEXT if ftype.family in _FILLED_AS_TEXT else uidt
    spec = FieldSpec(id="preview", title=column.title, uidt=effective, column="preview")
    convert = cell_converter(spec, dialect)
    if convert is None:
        return ColumnCheck(uidt, (), 0)
    bad: dict[str, None] = {}
    count, first = 0, ""
    for value in column.values:
        if value == "":
            continue
        try:
            convert(value)
        except (ValueError, OverflowError) as exc:
            count += 1
            first = first or str(exc)
            if len(bad) < KEPT_BAD:
                bad.setdefault(value, None)
    return ColumnCheck(uidt, tuple(bad), count, first)
