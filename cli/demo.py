"""``gridbase demo``: the Met Museum sample as base ``Met Museum``, table ``Met``, opened in the TUI.

The sample (2,000 real objects of the Met's open-access collection, CC0) ships inside the
package. Running the demo again reuses the table it made.
"""

from __future__ import annotations

import argparse
from importlib import resources
from typing import Any

from cli import faces
from cli.common import db_option, in_store
from cli.import_view import import_progress
from core.csvio import import_csv
from core.schema.bases import find_base
from core.schema.tables import find_table

BASE_TITLE = "Met Museum"
TABLE_TITLE = "Met"


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "demo", help="load the Met Museum sample and open it",
        description=f"Create base '{BASE_TITLE}' with table '{TABLE_TITLE}' from the bundled "
                    "Met Museum sample (reused if it exists), then open it in the TUI.")
    db_option(p)
    p.add_argument("--no-tui", action="store_true",
                   help="only prepare the table and print its id")
    p.set_defaults(func=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    table_id = in_store(args.db, prepare, create=True)
    print(table_id)
    if args.no_tui:
        return 0
    return faces.open_tui(args, table_id)


async def prepare() -> str:
    """The id of the demo table, importing the sample first if the table does not exist."""
    base = await find_base(BASE_TITLE)
    table = await find_table(base.id, TABLE_TITLE) if base else None
    if table is not None:
        return table.id
    sample = resources.files("core") / "data" / "met_sample.csv"
    with resources.as_file(sample) as path, \
            import_progress("Met Museum sample", path.stat().st_size) as progress:
        summary = await import_csv(path, table_title=TABLE_TITLE, base_title=BASE_TITLE,
                                   strict=True, progress=progress)
    return summary.table_id
