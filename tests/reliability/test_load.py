"""A short run of ``bench/load.py`` against a real ``gridbase serve``: 10k rows, 16 clients,
8 s of 70 % filtered lists / 20 % updates / 10 % bulk inserts — zero 5xx, zero connection
errors, and every acknowledged insert and update is in the database afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest

import load  # bench/load.py (on sys.path via tests/reliability/conftest.py)

pytestmark = pytest.mark.slow
CONFIG = load.LoadConfig(rows=10_000, clients=16, seconds=8.0, workers=2)


async def test_load_loses_nothing(server_db: str, backend: str, tmp_path: Path) -> None:
    result = await load.run_load(backend, server_db, CONFIG, tmp_path / "server.log")
    stats = result.stats
    print("\n" + load.report([result]))
    assert stats.server_errors == 0, stats.error_samples
    assert stats.connection_errors == 0, stats.error_samples
    assert not stats.other_errors, stats.error_samples
    assert stats.requests > 200 and len(stats.acked_inserts) >= 50 * 5 and stats.acked_updates
    assert (result.lost_inserts, result.lost_updates) == (0, 0)
    assert result.workers == (1 if backend == "sqlite" else 2)
    assert "Traceback" not in result.log
