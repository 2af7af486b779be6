"""The two faces: the TUI (``gridbase`` with no command) and the API server (``gridbase serve``).

Both are imported only when asked for, so ``gridbase import`` never pays for Textual or Sanic,
and a build without one of them still runs the other commands.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import sys
from typing import Any

from cli.common import EXIT_USAGE, db_option


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve", help="run the REST API server",
        description="Run the NocoDB-compatible REST API. On SQLite use one worker; several "
                    "workers (and several servers) need PostgreSQL.")
    db_option(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8080, help="port (default: %(default)s)")
    parser.add_argument("--workers", type=_positive, default=1, metavar="N",
                        help="worker processes (default: %(default)s)")
    parser.set_defaults(func=serve)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number ≥ 1, got {text!r}")
    return value


def _missing(exc: ImportError, *modules: str) -> bool:
    """True when the import failed because the face itself is absent (not one of its deps)."""
    return not isinstance(exc, ModuleNotFoundError) or exc.name in modules


def serve(args: argparse.Namespace) -> int:
    try:
        from api.server import serve as run_server
    except ImportError as exc:
        if not _missing(exc, "api", "api.server"):
            raise
        print("gridbase serve: the API is not available in this build", file=sys.stderr)
        return EXIT_USAGE
    result = run_server(args.db, args.host, args.port, args.workers)
    if inspect.iscoroutine(result):
        asyncio.run(result)
    return 0


def open_tui(args: argparse.Namespace, table_id: str | None = None) -> int:
    """Run the TUI; it opens the store itself, in its own task (Tortoise's ContextVar)."""
    try:
        from tui.app import run_tui
    except ImportError as exc:
        if not _missing(exc, "tui", "tui.app"):
            raise
        print("gridbase: the TUI is not available in this build", file=sys.stderr)
        return EXIT_USAGE
    asyncio.run(run_tui(args.db, table_id))
    return 0
