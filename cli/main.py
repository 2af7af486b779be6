"""``gridbase``: argument wiring and the top-level error handling.

With no subcommand it opens the TUI. Each area's commands live in their own module and add
their subparsers through ``register(subparsers)``; each sets ``func(args) -> int``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from tortoise.exceptions import ConfigurationError, DBConnectionError

from cli import data, demo, faces, listing, tokens
from cli.common import EXIT_ERROR, EXIT_INTERRUPTED, CommandError, Parser, db_option, error
from core import __version__
from core.errors import GridbaseError

_AREAS = (faces, data, demo, tokens, listing)


def build_parser() -> Parser:
    parser = Parser(prog="gridbase", description="A no-code database for the terminal. "
                    "With no command, opens the TUI.")
    db_option(parser, default=None)
    parser.add_argument("--version", action="version", version=f"gridbase {__version__}")
    parser.set_defaults(func=faces.open_tui)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for area in _AREAS:
        area.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except GridbaseError as exc:
        error(exc.message)
    except CommandError as exc:
        error(exc.message)
        return exc.status
    except (DBConnectionError, ConfigurationError) as exc:
        error(f"cannot open the database: {exc}")
    except BrokenPipeError:  # `gridbase export … | head`: the reader left; not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        error(str(exc))
    except KeyboardInterrupt:
        _interrupted()
    return EXIT_ERROR


def _interrupted() -> None:
    """A second Ctrl+C can leave a database thread behind, which would block the exit."""
    print("gridbase: interrupted", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(EXIT_INTERRUPTED)


if __name__ == "__main__":
    raise SystemExit(main())
