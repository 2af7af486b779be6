"""A TUI-like writer process: opens the store as the TUI does and writes through core's records
service (single inserts and updates of its own rows) for some seconds, then prints one JSON
line: the ids it inserted with their titles, the last value it gave each updated id, errors.

    python -m tests.reliability.tui_writer DB_URL TABLE_ID SECONDS
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from typing import Any

from core.db import store
from core.records import service as records
from core.schema.tables import load_table


async def write_for(url: str, table_id: str, seconds: float) -> dict[str, Any]:
    inserted: dict[int, str] = {}
    updated: dict[int, str] = {}
    errors: list[str] = []
    rng = random.Random(3)
    async with store(url):
        table = await load_table(table_id)
        until = time.monotonic() + seconds
        seq = 0
        while time.monotonic() < until:
            seq += 1
            title = f"tui-{seq}"
            try:
                if inserted and rng.random() < 0.4:
                    rid = rng.choice(list(inserted))
                    await records.update_records(table, [{"Id": rid, "N": seq}], source="tui")
                    updated[rid] = str(seq)
                else:
                    [rid] = await records.create_records(table, [{"Title": title}], source="tui")
                    inserted[rid] = title
            except Exception as exc:  # every failure is a finding: report it, keep writing
                errors.append(f"{type(exc).__name__}: {exc}")
            await asyncio.sleep(0.002)
    return {"inserted": inserted, "updated": updated, "errors": errors}


if __name__ == "__main__":
    result = asyncio.run(write_for(sys.argv[1], sys.argv[2], float(sys.argv[3])))
    print(json.dumps(result))
