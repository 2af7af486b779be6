"""Opaque ids with NocoDB-style prefixes, and the physical SQL names derived from them.

Physical names never come from user text: they are built from these ids and checked against
``IDENT_RE`` before they reach SQL, because the query builder does not escape quotes in names.
"""

from __future__ import annotations

import re
import secrets
import string

_ALPHABET = string.ascii_lowercase + string.digits
IDENT_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")

PREFIXES = {
    "base": "p",
    "table": "m",
    "field": "c",
    "view": "vw",
    "hook": "hk",
    "token": "tk",
    "filter": "fi",
    "sort": "so",
}


def new_id(kind: str) -> str:
    """A fresh id such as ``m4k2x9q0t1z8abc`` for ``kind`` = ``"table"``."""
    body = "".join(secrets.choice(_ALPHABET) for _ in range(14))
    return PREFIXES[kind] + body


def checked_ident(name: str) -> str:
    """Return ``name`` if it is a safe generated identifier, else raise ValueError."""
    if not IDENT_RE.match(name):
        raise ValueError(f"unsafe SQL identifier {name!r}")
    return name


def table_ident(table_id: str) -> str:
    return checked_ident(f"t_{table_id}")


def column_ident(field_id: str) -> str:
    return checked_ident(f"f_{field_id}")
