"""``gridbase token create|list|revoke``: the secret is printed once and never stored."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.cli.conftest import Run


def _stored_text(db: Path) -> str:
    """Every value of every table, plus the raw bytes of the database and its WAL."""
    conn = sqlite3.connect(db)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        values = [str(v) for n in names for row in conn.execute(f'SELECT * FROM "{n}"') for v in row]
    finally:
        conn.close()
    raw = b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))
    return "\n".join(values) + raw.decode("latin-1")


def test_token_lifecycle(gridbase: Run, cli_db: Path) -> None:
    assert gridbase("demo", "--no-tui").returncode == 0
    made = gridbase("token", "create", "--name", "ci bot", "--role", "viewer", "--base", "Met Museum")
    assert made.returncode == 0, made.stderr
    plaintext = made.stdout.strip().splitlines()[-1]
    assert plaintext.startswith("gb_") and len(plaintext) > 40
    token_id = made.stdout.split("Created token ")[1].split()[0]
    listed = gridbase("token", "list").stdout
    assert token_id in listed and "ci bot" in listed and "viewer" in listed
    assert plaintext not in listed and plaintext[-4:] in listed
    assert plaintext not in _stored_text(cli_db)
    assert gridbase("token", "revoke", token_id).returncode == 0
    assert token_id not in gridbase("token", "list").stdout
    assert "(revoked)" in gridbase("token", "list", "--all").stdout
    again = gridbase("token", "revoke", token_id)
    assert again.returncode == 1 and again.stderr.startswith("gridbase: error: Token")


def test_bad_role_and_unknown_base(gridbase: Run, cli_db: Path) -> None:
    cli_db.touch()
    role = gridbase("token", "create", "--name", "x", "--role", "admin")
    assert role.returncode == 2 and "invalid choice: 'admin'" in role.stderr
    base = gridbase("token", "create", "--name", "x", "--base", "Nowhere")
    assert base.returncode == 1 and base.stderr == "gridbase: error: Base 'Nowhere' not found\n"
