"""Settings of one API app instance."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ApiSettings:
    db_url: str | None = None
    """Database URL (``--db``); None means GRIDBASE_DB or the XDG default."""
    manage_store: bool = True
    """Open/close the store with the server. False when the caller already opened it (tests, TUI)."""
    default_limit: int = 25
    max_limit: int = 1000
    """``limit`` above this is clamped, as NocoDB does."""
    bulk_max: int = 1000
    """Most rows one write request may carry (NocoDB caps API tokens at 100)."""
    body_limit: int = 16 * 1024 * 1024
    """Largest request body in bytes; larger → 413."""
    access_log: bool = True
    run_dispatcher: bool = True
    """Deliver webhooks from this process."""
