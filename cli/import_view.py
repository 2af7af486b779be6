"""How ``gridbase import`` looks: a Rich progress bar on stderr while it runs (percent of the
file, rows, rows/s, ETA), then a plain-text summary on stdout."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (BarColumn, Progress, TaskProgressColumn, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)

from core.csvio import ImportSummary

MAX_LISTED_FAILURES = 20


@contextmanager
def import_progress(label: str, total_bytes: int | None, *,
                    quiet: bool = False) -> Iterator[Callable[[int, int], None]]:
    """Yield the ``progress(rows, bytes)`` callback for ``import_csv``, drawing a bar on a
    terminal (and nothing when stderr is not one, or with ``quiet``)."""
    console = Console(stderr=True)
    bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(), TaskProgressColumn(),
                   TextColumn("{task.fields[rows]:>12,} rows  {task.fields[rate]:>9,.0f} rows/s"),
                   TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                   console=console, disable=quiet or not console.is_terminal, transient=True)
    started = time.perf_counter()
    with bar:
        task = bar.add_task(label, total=total_bytes or None, rows=0, rate=0.0)

        def update(rows: int, bytes_done: int) -> None:
            rate = rows / max(time.perf_counter() - started, 1e-9)
            bar.update(task, completed=bytes_done, rows=rows, rate=rate)

        yield update


def print_summary(summary: ImportSummary, base_title: str) -> None:
    verb = "Imported" if not summary.cancelled else "Cancelled after importing"
    print(f"{verb} {summary.rows:,} rows into {base_title} › {summary.table_title} "
          f"({summary.table_id}) in {summary.seconds:.2f} s — {summary.rows_per_s:,.0f} rows/s")
    if summary.cancelled:
        print(f"The {summary.rows:,} rows committed before the interruption stay in the table.")
    if summary.skipped_columns:
        print(f"Skipped columns {', '.join(summary.skipped_columns)}: the database sets them.")
    _print_columns(summary)
    _print_failures(summary)


def _print_columns(summary: ImportSummary) -> None:
    state = "new table" if summary.created_table else "existing table"
    print(f"Columns ({len(summary.columns)}, {state}):")
    width = max((len(title) for title, _ in summary.columns), default=0)
    for title, uidt in summary.columns:
        print(f"  {title:<{width}}  {uidt}")


def _print_failures(summary: ImportSummary) -> None:
    if not summary.failed_count:
        return
    noun = "row was" if summary.failed_count == 1 else "rows were"
    print(f"{summary.failed_count:,} {noun} not imported:", file=sys.stderr)
    for failure in summary.failed[:MAX_LISTED_FAILURES]:
        print(f"  {failure.describe()}", file=sys.stderr)
    hidden = summary.failed_count - min(len(summary.failed), MAX_LISTED_FAILURES)
    if hidden > 0:
        print(f"  … and {hidden:,} more", file=sys.stderr)
