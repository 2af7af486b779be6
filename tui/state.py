"""The TUI's small memory between runs: the last table opened, per database, and the last
view shown per table. What a view shows (filter, sort, hidden fields, widths) is not here: it
is stored in core's ``View``, which the API's ``viewId`` reads too.

Kept as JSON in ``$GRIDBASE_STATE_DIR`` (tests point it at a temp dir), else
``$XDG_STATE_HOME/gridbase``, else ``~/.local/state/gridbase``. A missing or unreadable file
is an empty state: losing it only costs the user one click.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

STATE_FILE = "tui.json"
DEFAULT_KEY = "default"


def state_dir() -> Path:
    explicit = os.environ.get("GRIDBASE_STATE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(xdg) / "gridbase"


def _read() -> dict[str, Any]:
    try:
        data = json.loads((state_dir() / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def load_last_table(db_key: str | None) -> str | None:
    value = _read().get("last_table", {}).get(db_key or DEFAULT_KEY)
    return value if isinstance(value, str) else None


def save_last_table(db_key: str | None, table_id: str | None) -> None:
    """Remember ``table_id`` for this database (``None`` forgets it). Never raises."""
    data = _read()
    last = data.get("last_table")
    last = last if isinstance(last, dict) else {}
    if table_id is None:
        last.pop(db_key or DEFAULT_KEY, None)
    else:
        last[db_key or DEFAULT_KEY] = table_id
    data["last_table"] = last
    _write(data)


def load_last_view(table_id: str) -> str | None:
    """The view last shown for ``table_id`` (views themselves live in the database)."""
    value = _read().get("last_view", {}).get(table_id)
    return value if isinstance(value, str) else None


def save_last_view(table_id: str, view_id: str) -> None:
    data = _read()
    last = data.get("last_view") if isinstance(data.get("last_view"), dict) else {}
    last[table_id] = view_id
    data["last_view"] = last
    _write(data)


def _write(data: dict) -> None:
    """Replace the state file atomically; a state that cannot be saved is not an error."""
    try:
        state_dir().mkdir(parents=True, exist_ok=True)
        tmp = state_dir() / (STATE_FILE + ".tmp")
        tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
        tmp.replace(state_dir() / STATE_FILE)
    except OSError:
        pass
