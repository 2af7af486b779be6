"""``gridbase import`` and ``gridbase export``: CSV in and out of a table, streamed."""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from cli.common import EXIT_INTERRUPTED, CommandError, db_option, find_table, in_store
from cli.import_view import import_progress, print_summary
from core.csvio import ImportSummary, export_csv, import_csv, parse_type_overrides
from core.csvio.importer import DEFAULT_BATCH
from core.errors import cannot_write
from core.schema.bases import get_base


def register(subparsers: Any) -> None:
    _register_import(subparsers)
    _register_export(subparsers)


def _register_import(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "import", help="import a CSV file into a table",
        description="Import a CSV file (UTF-8, header row) into a table, creating it with "
                    "inferred field types, or appending to it if it exists (columns matched by "
                    "title). Types come from the first 1,000 rows: Checkbox (true/false/yes/no), "
                    "Number (no leading zeros, up to 15 digits), Decimal, Date, DateTime (ISO), "
                    "URL, Email, LongText (multi-line or long), else SingleLineText. Empty cells "
                    "become NULL. Rows that do not fit are reported with their line number and "
                    "skipped, or abort the import with --strict.")
    db_option(p)
    p.add_argument("file", metavar="FILE.csv", help="the CSV file, or - for standard input")
    p.add_argument("--table", "-t", metavar="NAME", help="table title (default: the file name)")
    p.add_argument("--base", "-b", metavar="NAME", help="base id or title (created if missing; "
                   "default: the only base, or the base that has the table)")
    p.add_argument("--types", metavar="COL=TYPE,…",
                   help='field types to use instead of the inferred ones, e.g. "Zip=Text,Qty=Number"')
    p.add_argument("--all-text", action="store_true", help="make every new column text")
    p.add_argument("--strict", action="store_true",
                   help="abort on the first bad row; nothing is written (one transaction)")
    p.add_argument("--batch-size", type=int, default=DEFAULT_BATCH, metavar="N",
                   help="rows per insert batch and transaction (default: %(default)s)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.set_defaults(func=run_import)


def _register_export(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "export", help="write a table as CSV",
        description="Write a table as CSV (UTF-8, header row of field titles) to standard "
                    "output or a file, streaming it page by page.")
    db_option(p)
    p.add_argument("--table", "-t", metavar="NAME", required=True, help="table id or title")
    p.add_argument("--base", "-b", metavar="NAME", help="base id or title")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument("--fields", metavar="A,B,…", help="only these fields, in this order")
    p.add_argument("--where", metavar="FILTER",
                   help="only matching rows, in NocoDB syntax, e.g. \"(Qty,gt,5)~and(Ok,checked)\"")
    p.add_argument("--system", action="store_true", help="include Id, CreatedAt and UpdatedAt")
    p.set_defaults(func=run_export)


def run_import(args: argparse.Namespace) -> int:
    from_stdin = args.file == "-"
    table = args.table or (None if from_stdin else Path(args.file).stem)
    if not table:
        raise CommandError("--table is required when the CSV comes from standard input")
    types = parse_type_overrides(args.types) if args.types else None
    source: Any = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", newline="") \
        if from_stdin else args.file

    async def work() -> tuple[ImportSummary, str]:
        with import_progress(table, _size(args.file), quiet=args.quiet) as progress:
            summary = await import_csv(source, table_title=table, base_title=args.base,
                                       types=types, all_text=args.all_text, strict=args.strict,
                                       batch_size=args.batch_size, progress=progress)
        return summary, (await get_base(summary.base_id)).title

    summary, base_title = in_store(args.db, work, create=True)
    print_summary(summary, base_title)
    return EXIT_INTERRUPTED if summary.cancelled else 0


def _size(path: str) -> int | None:
    try:
        return os.path.getsize(path) if path != "-" else None
    except OSError:
        return None


def run_export(args: argparse.Namespace) -> int:
    fields = [f.strip() for f in args.fields.split(",") if f.strip()] if args.fields else None

    async def work() -> int:
        table = await find_table(args.table, args.base)
        with _output(args.output) as out:
            return await export_csv(table, out, where=args.where, fields=fields,
                                    system=args.system)

    count = in_store(args.db, work)
    if args.output:
        print(f"Exported {count:,} rows to {args.output}", file=sys.stderr)
    return 0


@contextmanager
def _output(path: str | None) -> Iterator[TextIO]:
    """The file, or stdout as UTF-8 with no newline translation (cells keep their ``\\n``)."""
    if path and path != "-":
        try:
            handle = open(path, "w", encoding="utf-8", newline="")
        except OSError as exc:
            raise cannot_write(path, exc) from None
        with handle as out:
            yield out
        return
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
    try:
        yield out
        out.flush()
    finally:
        out.detach()
