"""Synthetic Met-like tables for the benchmarks, loaded fast.

The values come from the bundled Met sample (``core/data/met_sample.csv``, the same file
``bench/import_csv.py`` draws from; its generator writes 54-column CSV files for the import
benchmark, so it is not reused here): each synthetic row takes a whole sample row chosen with
``random.Random(seed)`` (seed 42), so the columns stay plausible together (begin ≤ end, a
department's cultures and media). The table has eight user fields:

| field               | type           | notes                                               |
| ------------------- | -------------- | --------------------------------------------------- |
| Title               | SingleLineText | primary value                                       |
| Department          | SingleSelect   | the sample's 15 Met departments                     |
| Object Begin Date   | Number         |                                                     |
| Object End Date     | Number         |                                                     |
| Culture             | SingleLineText | NULL where the sample is empty (~22 %), ``""`` ~2 % |
| Is Highlight        | Checkbox       |                                                     |
| Accession Date      | Date           | the sample's AccessionYear + a random day; else NULL|
| Medium              | LongText       |                                                     |

``create_met_table`` makes the table through ``core.schema.tables.create_table`` (so metadata,
columns and the default view are exactly what gridbase makes) and then bulk-loads the rows with
one parameterised ``INSERT`` run through ``execute_many`` inside ``core.db.write``, 20,000 rows
per transaction — much faster than ``create_records``, which validates every value and writes a
change-feed event (right for API-sized writes, too slow for a million rows).

Needs an open store (``core.db.store``).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
MET = REPO / "core" / "data" / "met_sample.csv"
SEED = 42
CHUNK = 20_000
UTC = dt.timezone.utc

# Title, uidt, the sample column it comes from.
FIELDS: tuple[tuple[str, str], ...] = (
    ("Title", "SingleLineText"),
    ("Department", "SingleSelect"),
    ("Object Begin Date", "Number"),
    ("Object End Date", "Number"),
    ("Culture", "SingleLineText"),
    ("Is Highlight", "Checkbox"),
    ("Accession Date", "Date"),
    ("Medium", "LongText"),
)
# Fields whose type warrants an index (gridbase indexes select, number and date fields by default).
INDEXABLE = ("Department", "Object Begin Date", "Object End Date", "Accession Date")


def _sample() -> list[dict[str, str]]:
    with open(MET, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def departments() -> list[str]:
    """The Met departments in the sample (15), sorted."""
    return sorted({r["Department"] for r in _sample() if r["Department"]})


def field_defs(indexed: bool) -> list[dict[str, Any]]:
    """``create_table`` field definitions; ``indexed`` sets the index on the fields of
    ``INDEXABLE`` (False: no user index at all, to measure what the indexes buy)."""
    defs: list[dict[str, Any]] = []
    for title, uidt in FIELDS:
        d: dict[str, Any] = {"title": title, "uidt": uidt, "indexed": indexed and title in INDEXABLE}
        if uidt == "SingleSelect":
            d["options"] = {"options": departments()}
        defs.append(d)
    return defs


def _int(text: str) -> int | None:
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        return None


def rows(n: int, seed: int = SEED) -> Iterator[tuple[Any, ...]]:
    """``n`` rows as Python values in ``FIELDS`` order (dates as ``datetime.date``, the
    checkbox as bool, NULL as None). Deterministic for a given seed."""
    pool = [
        (r["Title"] or None, r["Department"] or None, _int(r["Object Begin Date"]),
         _int(r["Object End Date"]), r["Culture"] or None, r["Is Highlight"] == "True",
         _int(r["AccessionYear"]), r["Medium"] or None)
        for r in _sample()
    ]
    rng = random.Random(seed)
    choice, rand, randint = rng.choice, rng.random, rng.randint
    for _ in range(n):
        title, dept, begin, end, culture, highlight, year, medium = choice(pool)
        if culture is None and rand() < 0.08:
            culture = ""  # some empty strings as well as NULLs: `blank` must catch both
        day = None
        if year is not None and 1800 <= year <= 2030:
            day = dt.date(year, 1, 1) + dt.timedelta(days=randint(0, 364))
        yield (title, dept, begin, end, culture, highlight, day, medium)


async def create_met_table(n: int, *, indexed: bool = True, base_title: str = "Bench",
                           title: str = "Met", seed: int = SEED,
                           progress: Any = None) -> tuple[Any, float]:
    """Create a base and a Met table with ``n`` rows; return ``(TableSpec, load seconds)``.

    ``progress(done, n)`` is called after each chunk if given.
    """
    from core import db
    from core.schema.bases import create_base
    from core.schema.tables import create_table, load_table

    base = await create_base(base_title)
    table = await create_table(base.id, title, field_defs(indexed))
    started = time.perf_counter()
    await bulk_insert(table, rows(n, seed), progress=progress, total=n)
    elapsed = time.perf_counter() - started
    if db.dialect() == "postgres":
        # autovacuum would vacuum and analyse the freshly loaded table within a minute or so;
        # do it now so plans (and index-only scans) are what a user soon sees. SQLite is left
        # as gridbase leaves it (gridbase never runs ANALYZE there).
        await db.conn().execute_query(f'VACUUM ANALYZE "{table.physical}"')
    return await load_table(table.id), elapsed


async def bulk_insert(table: Any, values: Iterator[Sequence[Any]], *, progress: Any = None,
                      total: int | None = None) -> int:
    """Insert rows given in ``FIELDS`` order, ``CHUNK`` rows per transaction; return the count."""
    from pypika_tortoise import Parameter, Table as PTable

    from core import db

    dialect = db.dialect()
    specs = [table.field(name) for name, _ in FIELDS]
    stamp_type = table.system_field("created_at").type
    t = PTable(table.physical)
    columns = ["created_at", *(s.column for s in specs)]
    sql = (db.query_class().into(t).columns(*columns)
           .insert(*[Parameter(idx=i + 1) for i in range(len(columns))]).get_sql())
    converters = [s.type.to_db for s in specs]
    done = 0
    chunk: list[list[Any]] = []

    async def flush() -> None:
        nonlocal done, chunk
        batch, chunk = chunk, []

        async def run(tx: Any) -> None:
            await tx.execute_many(sql, batch)

        await db.write(run)
        done += len(batch)
        if progress is not None:
            progress(done, total)

    def stamp_for(i: int) -> Any:  # one creation time per chunk (formatting each row's is slow)
        return stamp_type.to_db(dt.datetime(2026, 1, 1, tzinfo=UTC) + dt.timedelta(minutes=i),
                                dialect)

    stamp = stamp_for(0)
    for row in values:
        if not chunk:
            stamp = stamp_for(done // CHUNK)
        chunk.append([stamp, *(conv(v, dialect) for conv, v in zip(converters, row))])
        if len(chunk) >= CHUNK:
            await flush()
    if chunk:
        await flush()
    return done


def api_rows(n: int, seed: int = SEED + 1) -> list[dict[str, Any]]:
    """``n`` rows as API JSON objects (titles → JSON values), for ``POST …/records``."""
    names = [name for name, _ in FIELDS]
    out = []
    for row in rows(n, seed):
        item = {}
        for name, value in zip(names, row):
            if value is not None:
                item[name] = value.isoformat() if isinstance(value, dt.date) else value
        out.append(item)
    return out
