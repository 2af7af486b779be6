"""What every command shares: the argument parser class, one-line errors, and running a
coroutine against the open store.

Errors a user can cause end as one line on stderr, ``gridbase: error: …``, and a non-zero exit
status; tracebacks are for bugs only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import NoReturn, TypeVar

from core.config import is_postgres, resolve_db_url
from core.db import store
from core.schema.bases import resolve_base
from core.schema.spec import TableSpec
from core.schema.tables import resolve_table

T = TypeVar("T")
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class CommandError(Exception):
    """A problem found by the command itself (not by core): printed as one line."""

    def __init__(self, message: str, status: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class Parser(argparse.ArgumentParser):
    """argparse with the error on one line, pointing at ``--help``."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"gridbase: error: {message} (see '{self.prog} --help')\n")


def db_option(parser: argparse.ArgumentParser, *, default: object = argparse.SUPPRESS) -> None:
    """``--db`` on the main parser (before the subcommand) and, as a convenience, after it."""
    parser.add_argument("--db", metavar="PATH|URL", default=default,
                        help="database: a SQLite file path or postgres://… URL "
                             "(default: $GRIDBASE_DB, else ~/.local/share/gridbase/gridbase.db)")


def one_line(message: str) -> str:
    return " ".join(str(message).split())


def error(message: str) -> None:
    print(f"gridbase: error: {one_line(message)}", file=sys.stderr)


def in_store(db_url: str | None, work: Callable[[], Awaitable[T]], *, create: bool = False) -> T:
    """Open the store, run ``work()``, always close the store (an open aiosqlite connection
    would keep the interpreter from exiting). Only a command that ``create``s may start a new
    SQLite file: for the others a missing file is a mistyped ``--db``."""
    if not create:
        require_database(db_url)

    async def main() -> T:
        async with store(db_url):
            return await work()

    return asyncio.run(main())


def require_database(db_url: str | None) -> None:
    url = resolve_db_url(db_url)
    if is_postgres(url) or ":memory:" in url:
        return
    path = Path(url[len("sqlite://"):].split("?", 1)[0])
    if not path.exists():
        given = db_url or os.environ.get("GRIDBASE_DB") or str(path)
        raise CommandError(f"database {given} does not exist (gridbase creates one on import, "
                           "demo, serve or when the TUI opens it)")


async def find_table(table_key: str, base_key: str | None = None) -> TableSpec:
    """A table by id or title, within the base named by id or title if given."""
    base_id = (await resolve_base(base_key)).id if base_key else None
    return await resolve_table(table_key, base_id)
