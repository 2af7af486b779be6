"""``gridbase bases`` and ``gridbase tables``: what the database holds, with row counts."""

from __future__ import annotations

import argparse
from typing import Any

from cli.common import db_option, in_store
from core.records.service import count_records
from core.schema.bases import list_bases, resolve_base
from core.schema.tables import list_tables, load_table


def register(subparsers: Any) -> None:
    bases = subparsers.add_parser("bases", help="list bases",
                                  description="List the bases and how many tables each has.")
    db_option(bases)
    bases.set_defaults(func=run_bases)
    tables = subparsers.add_parser("tables", help="list tables",
                                   description="List tables (of one base, or all) with row counts.")
    db_option(tables)
    tables.add_argument("--base", "-b", metavar="ID|TITLE", help="only this base")
    tables.set_defaults(func=run_tables)


def run_bases(args: argparse.Namespace) -> int:
    async def work() -> list[tuple[str, str, int]]:
        return [(b.id, b.title, len(await list_tables(b.id))) for b in await list_bases()]

    rows = in_store(args.db, work)
    if not rows:
        print("No bases. Try: gridbase demo")
    for base_id, title, count in rows:
        print(f"{base_id:<18} {title}  ({count} table{'s' if count != 1 else ''})")
    return 0


def run_tables(args: argparse.Namespace) -> int:
    async def work() -> list[tuple[str, str, str, int]]:
        bases = [await resolve_base(args.base)] if args.base else await list_bases()
        found = []
        for base in bases:
            for table in await list_tables(base.id):
                rows = await count_records(await load_table(table.id))
                found.append((table.id, base.title, table.title, rows))
        return found

    rows = in_store(args.db, work)
    if not rows:
        print("No tables.")
    for table_id, base_title, title, count in rows:
        print(f"{table_id:<18} {base_title} › {title}  ({count:,} rows)")
    return 0
