"""Case folding for ``like``/``nlike``, identical on SQLite and PostgreSQL.

SQLite's ``LIKE`` and ``lower()`` fold ASCII only, so ``(Maker,like,érard)`` would miss
``Érard``. PostgreSQL's ``lower()`` folds every letter that has a lowercase form (with a UTF-8
ctype, the default for ``initdb``). To make both backends agree, the compiler wraps both sides
of ``LIKE`` in a fold function: ``lower`` on PostgreSQL, and on SQLite ``gb_fold``, a
deterministic Python function that must be registered on every SQLite connection
(``install_sqlite_functions``; ``core.db`` calls it when it connects).

``fold`` follows PostgreSQL's per-character lowercase mapping rather than Python's
context-sensitive ``str.lower`` (which turns a word-final ``Σ`` into ``ς`` and ``İ`` into two
code points), so a pattern matches the same rows on both backends.
"""

from __future__ import annotations

import sqlite3
from typing import Any

SQLITE_FOLD_FUNCTION = "gb_fold"
_CONTEXT_SENSITIVE = ("\u03a3", "\u0130")  # Σ and İ


def _lower_char(ch: str) -> str:
    return "i" if ch == "\u0130" else ch.lower()


def fold(value: Any) -> str | None:
    """Lowercase ``value`` one character at a time (NULL stays NULL)."""
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    if "\u03a3" in text or "\u0130" in text:  # _CONTEXT_SENSITIVE, without a generator per row
        return "".join(_lower_char(ch) for ch in text)
    return text.lower()


def install_on(connection: sqlite3.Connection) -> None:
    """Register ``gb_fold`` on a plain ``sqlite3`` connection."""
    connection.create_function(SQLITE_FOLD_FUNCTION, 1, fold, deterministic=True)


async def install_sqlite_functions(connection: Any) -> None:
    """Register ``gb_fold`` on an ``aiosqlite`` connection (Tortoise's SQLite client holds one)."""
    await connection.create_function(SQLITE_FOLD_FUNCTION, 1, fold, deterministic=True)
