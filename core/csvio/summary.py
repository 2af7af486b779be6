"""What an import reports back: ``ImportSummary`` and the ``RowError`` entries in it.

Both are plain values, so every face (the command's summary, the TUI's import screen, a test)
reads the same thing. At most ``MAX_REPORTED`` failed rows are kept in full; ``failed_count``
counts all of them, so a file of a million bad rows does not fill memory with messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

MAX_REPORTED = 1000


class RowError(NamedTuple):
    """A CSV record that was not imported: where it starts, which column, and why."""

    line: int
    field: str | None
    message: str

    def describe(self) -> str:
        where = f"line {self.line}"
        return f"{where}, field '{self.field}': {self.message}" if self.field else f"{where}: {self.message}"


@dataclass(frozen=True)
class ImportSummary:
    """The outcome of ``import_csv``.

    ``rows`` counts committed records. ``cancelled`` is true when the import was interrupted:
    batches committed before the interruption stay in the table (``rows`` of them).
    """

    table_id: str
    table_title: str
    base_id: str
    rows: int
    failed: tuple[RowError, ...]
    failed_count: int
    seconds: float
    columns: tuple[tuple[str, str], ...]
    created_table: bool = False
    skipped_columns: tuple[str, ...] = ()
    cancelled: bool = False

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0


@dataclass
class FailureLog:
    """Collects failed rows while an import runs (bounded; see ``MAX_REPORTED``)."""

    entries: list[RowError] = field(default_factory=list)
    count: int = 0

    def add(self, line: int, field_title: str | None, message: str) -> RowError:
        error = RowError(line, field_title, message)
        self.count += 1
        if len(self.entries) < MAX_REPORTED:
            self.entries.append(error)
        return error
