"""Where the database lives: one URL from ``--db``, ``GRIDBASE_DB`` or the XDG data dir.

A bare path (``my.db``) means a SQLite file; ``postgres://…`` selects PostgreSQL via asyncpg.
SQLite gets WAL (Tortoise's default), a busy timeout and ``synchronous=NORMAL``, which is safe
in WAL mode and much faster than FULL.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from core.errors import DatabaseNotFound

SQLITE_PRAGMAS = "busy_timeout=10000&synchronous=NORMAL"
APP_LABEL = "models"


def default_db_path() -> Path:
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "gridbase" / "gridbase.db"


def resolve_db_url(value: str | None = None) -> str:
    """Turn ``--db``/``GRIDBASE_DB``/default into a Tortoise URL."""
    explicit = value or os.environ.get("GRIDBASE_DB")
    raw = explicit or str(default_db_path())
    if raw.startswith(("postgres://", "postgresql://", "asyncpg://")):
        return "postgres://" + raw.split("://", 1)[1]
    if raw.startswith("sqlite://"):
        path = raw[len("sqlite://"):]
    else:
        path = raw
    if path != ":memory:":
        path = str(Path(path).expanduser().resolve())
        _ensure_directory(Path(path).parent, create=not explicit)
    sep = "&" if "?" in path else "?"
    return f"sqlite://{path}{sep}{SQLITE_PRAGMAS}"


def _ensure_directory(directory: Path, *, create: bool) -> None:
    """Create the default data directory; a path the user gave must be in an existing one,
    so a mistyped ``--db`` fails instead of making directories and an empty database."""
    if create:
        directory.mkdir(parents=True, exist_ok=True)
    elif not directory.is_dir():
        problem = "is not a directory" if directory.exists() else "does not exist"
        raise DatabaseNotFound(f"directory {directory} {problem}", path=str(directory))


def is_postgres(url: str) -> bool:
    return urlsplit(url).scheme in ("postgres", "postgresql", "asyncpg")


def connection_config(url: str) -> str | dict:
    """SQLite goes through gridbase's engine (it installs SQL functions); others use the URL."""
    if is_postgres(url):
        return url
    from tortoise.backends.base.config_generator import expand_db_url

    return {**expand_db_url(url), "engine": "core.sqlite_engine"}


def tortoise_config(url: str) -> dict:
    return {
        "connections": {"default": connection_config(url)},
        "apps": {
            APP_LABEL: {
                "models": ["core.models"],
                "default_connection": "default",
                "migrations": "core.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }
