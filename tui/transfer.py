"""CSV export from the TUI: the open table to a file, streamed by ``core.csvio.exporter``."""

from __future__ import annotations

from pathlib import Path

from core.csvio.exporter import export_csv
from core.errors import cannot_write
from core.schema.spec import TableSpec


async def export_table(table: TableSpec, path: str | Path) -> int:
    """Write ``table``'s user fields to ``path`` as CSV; return the rows written."""
    target = Path(path).expanduser()
    try:
        handle = target.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise cannot_write(target, exc) from None
    with handle:
        return await export_csv(table, handle)
