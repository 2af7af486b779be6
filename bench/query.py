"""Benchmark: typical list queries through the records service vs the same SQL written by hand.

Builds a synthetic Met table (``bench/_synth.py``; seeded, 1,000,000 rows by default) and, in the
same run and on the same connection, times for each query

* **service** — what a list request costs below HTTP: ``build_list_query`` (parse ``where`` and
  ``sort`` against the table) + ``core.records.service.list_records`` (a page of 25 rows turned
  into JSON values, plus its ``totalRows`` ``COUNT(*)``);
* **raw** — the same two statements written by hand and run with
  ``conn().execute_query_dict`` (rows left as the driver returns them).

Each figure is the median of at least ``--repeat`` runs (fast queries get up to 1 s of runs)
after a warm-up, service and raw alternating.
The ratio service/raw is what the layer costs (goal ≤ 1.3). Every query runs twice: first with
no user index, then after ``set_indexed`` on the fields whose type warrants one (the select,
number and date fields — what gridbase indexes by default), so the table shows which queries
need an index; the plans (EXPLAIN QUERY PLAN / EXPLAIN of the SQL the service really ran) say
which use one. The service and raw answers are compared (same ids, same count).

Prints tables; asserts nothing.

    python bench/query.py                         # 1M rows, temporary SQLite file
    python bench/query.py --rows 100000 --repeat 3
    python bench/query.py --db postgres://postgres@127.0.0.1:5432/test   # fresh DB, dropped after
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import _synth  # noqa: E402

PAGE = 25


@dataclass(frozen=True)
class Query:
    name: str
    where: str | None          # the where parameter, as a client sends it
    sort: str | None           # the sort parameter
    sql_where: str | None      # the same condition, hand-written ({dept} etc. are columns)
    params: tuple[Any, ...]    # its parameters, in order
    sql_order: str | None      # hand-written ORDER BY keys before the id tie-break


# Hand-written SQL uses `?` placeholders (turned into $n on PostgreSQL) and these names:
# {title} {dept} {begin} {end} {culture} {hl} {acc} {medium} - the physical columns;
# {asc}/{desc} - the direction as gridbase orders it (PostgreSQL: NULLS FIRST/LAST as SQLite);
# {fold} - gridbase's case folding for like (gb_fold on SQLite, lower on PostgreSQL).
QUERIES: tuple[Query, ...] = (
    Query("unfiltered", None, None, None, (), None),
    Query("eq on select", "(Department,eq,Arms and Armor)", None,
          "{dept} = ?", ("Arms and Armor",), None),
    Query("eq + sort by date", "(Department,eq,Arms and Armor)", "-Accession Date",
          "{dept} = ?", ("Arms and Armor",), "{acc} {desc}"),
    Query("range + sort (number)", "(Object Begin Date,btw,1500,1599)", "-Object Begin Date",
          "{begin} >= ? AND {begin} <= ?", (1500, 1599), "{begin} {desc}"),
    Query("range + sort (date)", "(Accession Date,gte,exactDate,2000-01-01)", "Accession Date",
          "{acc} >= ?", (dt.date(2000, 1, 1),), "{acc} {asc}"),
    Query("like", "(Title,like,piano)", None,
          "{fold}({title}) LIKE {fold}(?) ESCAPE '\\'", ("%piano%",), None),
    Query("blank", "(Culture,blank)", None,
          "({culture} IS NULL OR {culture} = '')", (), None),
    Query("nested groups",
          "((Department,eq,Arms and Armor)~or(Department,eq,Asian Art))"
          "~and((Object Begin Date,lt,1600)~or(Culture,blank))~and(Is Highlight,checked)", None,
          "({dept} = ? OR {dept} = ?) AND ({begin} < ? OR ({culture} IS NULL OR {culture} = ''))"
          " AND {hl} = ?", ("Arms and Armor", "Asian Art", 1600, True), None),
)
# What a person might write instead of gridbase's Unicode-folding like (ASCII folding only on
# SQLite): shows what the fold function costs.
BUILTIN_LIKE = {"sqlite": "{title} LIKE ?", "postgres": "{title} ILIKE ?"}

ALIASES = {"title": "Title", "dept": "Department", "begin": "Object Begin Date",
           "end": "Object End Date", "culture": "Culture", "hl": "Is Highlight",
           "acc": "Accession Date", "medium": "Medium"}


# --- timing ----------------------------------------------------------------------------------
def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


async def timed(fn: Callable[[], Awaitable[Any]]) -> float:
    started = time.perf_counter()
    await fn()
    return time.perf_counter() - started


async def compare(fns: list[Callable[[], Awaitable[Any]]], repeat: int,
                  min_seconds: float = 1.0, max_rounds: int = 200) -> list[float]:
    """Median ms of each function: one warm-up each, then rounds (order rotating) until at
    least ``repeat`` rounds and ``min_seconds`` have passed (fast queries get more samples,
    which steadies them on a busy machine), at most ``max_rounds``."""
    for fn in fns:
        await fn()
    samples: list[list[float]] = [[] for _ in fns]
    started = time.perf_counter()
    r = 0
    while r < repeat or (time.perf_counter() - started < min_seconds and r < max_rounds):
        order = list(range(len(fns)))
        order = order[r % len(order):] + order[:r % len(order)]
        for i in order:
            samples[i].append(await timed(fns[i]))
        r += 1
    return [median_ms(s) for s in samples]


# --- the two sides ---------------------------------------------------------------------------
class Bench:
    def __init__(self, table: Any, dialect: str) -> None:
        self.table = table
        self.dialect = dialect

    def names(self) -> dict[str, str]:
        t = self.table
        names = {alias: f'"{t.field(title).column}"' for alias, title in ALIASES.items()}
        pg = self.dialect == "postgres"
        names.update(asc="ASC NULLS FIRST" if pg else "ASC", desc="DESC NULLS LAST" if pg else "DESC",
                     fold="lower" if pg else "gb_fold")
        return names

    def placeholders(self, sql: str) -> str:
        if self.dialect != "postgres":
            return sql
        n = 0

        def number(_: re.Match[str]) -> str:
            nonlocal n
            n += 1
            return f"${n}"

        return re.sub(r"\?", number, sql)

    def raw_sql(self, q: Query, where: str | None = None) -> tuple[str, str, list[Any]]:
        """(page SQL, count SQL, parameters) written by hand."""
        names = self.names()
        cols = ", ".join(['"id"', *(f'"{f.column}"' for f in self.table.fields if f.column != "id")])
        frm = f'FROM "{self.table.physical}"'
        cond = where if where is not None else q.sql_where
        wh = f" WHERE {cond.format(**names)}" if cond else ""
        order = f"{q.sql_order.format(**names)}, " if q.sql_order else ""
        params = [p if not (isinstance(p, dt.date) and self.dialect == "sqlite") else p.isoformat()
                  for p in q.params]
        page = f"SELECT {cols} {frm}{wh} ORDER BY {order}\"id\" ASC LIMIT ? OFFSET ?"
        count = f"SELECT COUNT(*) AS n {frm}{wh}"
        return self.placeholders(page), self.placeholders(count), params

    def service_fn(self, q: Query) -> Callable[[], Awaitable[Any]]:
        from core.query import build_list_query
        from core.records.service import list_records

        args = {k: [v] for k, v in (("where", q.where), ("sort", q.sort)) if v}

        async def run() -> Any:
            query = build_list_query(lambda n: args.get(n, []), self.table)
            return await list_records(self.table, query)

        return run

    def raw_fn(self, page_sql: str, count_sql: str, params: list[Any],
               split: list[tuple[float, float]] | None = None) -> Callable[[], Awaitable[Any]]:
        """The hand-written pair; ``split`` (if given) collects (page s, count s) per call."""
        from core.db import conn

        async def run() -> tuple[list[dict[str, Any]], int]:
            c = conn()
            started = time.perf_counter()
            rows = await c.execute_query_dict(page_sql, [*params, PAGE, 0])
            middle = time.perf_counter()
            n = (await c.execute_query_dict(count_sql, params))[0]["n"]
            if split is not None:
                split.append((middle - started, time.perf_counter() - middle))
            return rows, int(n)

        return run


async def service_sql(fn: Callable[[], Awaitable[Any]]) -> list[tuple[str, list[Any]]]:
    """The statements the service runs for one call (recorded on the connection object)."""
    from core.db import conn

    c = conn()
    seen: list[tuple[str, list[Any]]] = []
    original = c.execute_query_dict

    async def record(sql: str, values: Any = None) -> Any:
        seen.append((sql, list(values or [])))
        return await original(sql, values)

    c.execute_query_dict = record  # type: ignore[method-assign]
    try:
        await fn()
    finally:
        del c.execute_query_dict
    return seen


async def plan(sql: str, params: list[Any], dialect: str, rename: dict[str, str]) -> str:
    from core.db import conn

    if dialect == "sqlite":
        rows = await conn().execute_query_dict("EXPLAIN QUERY PLAN " + sql, params)
        text = "; ".join(r["detail"] for r in rows)
    else:
        rows = await conn().execute_query_dict("EXPLAIN " + sql, params)
        lines = [next(iter(r.values())) for r in rows]
        steps = []
        for line in lines:
            line = re.sub(r"\s*\(cost=[^)]*\)", "", line).strip().lstrip("-> ").strip()
            if line and not line.startswith(("Filter:", "Index Cond:", "Recheck Cond:",
                                             "Sort Key:", "Workers", "Presorted Key:")):
                steps.append(line)
        text = " > ".join(steps)
    for old, new in rename.items():
        text = text.replace(old, new)
    return text


def renames(table: Any) -> dict[str, str]:
    from core.schema.ddl import index_name

    out: dict[str, str] = {}
    for f in table.fields:
        if f.column not in ("id",):
            out[index_name(table.physical, f.column)] = f"ix({f.title})"
    for f in table.fields:
        if f.column.startswith("f_"):
            out[f.column] = f.title
    out[table.physical] = "t"
    return out


# --- one phase -------------------------------------------------------------------------------
@dataclass
class Result:
    query: str
    phase: str
    service_ms: float
    raw_ms: float
    total: int
    same: bool
    plans: str
    extra: str = ""
    raw_page_ms: float = 0.0
    raw_count_ms: float = 0.0


async def run_phase(table: Any, phase: str, repeat: int, only: set[str] | None) -> list[Result]:
    from core.db import dialect as current_dialect

    dialect = current_dialect()
    bench = Bench(table, dialect)
    rename = renames(table)
    results = []
    for q in QUERIES:
        if only and q.name not in only:
            continue
        print(f"  [{phase}] {q.name} …", file=sys.stderr, flush=True)
        svc = bench.service_fn(q)
        page_sql, count_sql, params = bench.raw_sql(q)
        split: list[tuple[float, float]] = []
        raw = bench.raw_fn(page_sql, count_sql, params, split)
        fns = [svc, raw]
        alt_sql = None
        if q.name == "like":
            alt_sql = bench.raw_sql(q, BUILTIN_LIKE[dialect])
            fns.append(bench.raw_fn(*alt_sql))
        times = await compare(fns, repeat)
        page_ms = median_ms([a for a, _ in split])
        count_ms = median_ms([b for _, b in split])
        page = await svc()
        rows, n = await raw()
        pk = table.pk.title
        same = [r[pk] for r in page.rows] == [r["id"] for r in rows] and page.info.total_rows == n
        statements = await service_sql(svc)
        plans = " | ".join([
            f"{'page' if i == 0 else 'count'}: {await plan(s, p, dialect, rename)}"
            for i, (s, p) in enumerate(statements)])
        extra = ""
        if alt_sql is not None:
            alt_rows, alt_n = await bench.raw_fn(*alt_sql)()
            word = "LIKE" if dialect == "sqlite" else "ILIKE"
            extra = (f"raw with built-in {word} instead of {'gb_fold' if dialect == 'sqlite' else 'lower'}: "
                     f"{times[2]:.1f} ms, service/that = {times[0] / times[2]:.2f} "
                     f"({alt_n:,} rows match{'; case folding differs' if alt_n != n else ''})")
        results.append(Result(q.name, phase, times[0], times[1], n, same, plans, extra,
                              page_ms, count_ms))
    return results


async def add_indexes(table: Any) -> tuple[Any, float]:
    from core.schema.fields import set_indexed
    from core.schema.tables import load_table

    started = time.perf_counter()
    for title in _synth.INDEXABLE:
        await set_indexed(table.field(title).id, True)
    return await load_table(table.id), time.perf_counter() - started


# --- reporting -------------------------------------------------------------------------------
def report(results: list[Result], header: str) -> None:
    print(f"\n{header}\n")
    print(f"| {'query':<22} | {'user indexes':<12} | {'service ms':>10} | {'raw ms':>8} "
          f"| {'service/raw':>11} | {'raw: page':>9} | {'+ count':>8} | {'totalRows':>9} | same |")
    print(f"|{'-' * 24}|{'-' * 14}|{'-' * 12}|{'-' * 10}|{'-' * 13}|{'-' * 11}|{'-' * 10}"
          f"|{'-' * 11}|------|")
    for r in results:
        print(f"| {r.query:<22} | {r.phase:<12} | {r.service_ms:>10.2f} | {r.raw_ms:>8.2f} "
              f"| {r.service_ms / r.raw_ms:>10.2f}x | {r.raw_page_ms:>9.2f} | {r.raw_count_ms:>8.2f} "
              f"| {r.total:>9,} | {'yes' if r.same else 'NO':<4} |")
    print("\nraw: page / + count — the two hand-written statements timed apart (the totalRows "
          "COUNT(*) is often\nthe larger part). same: the service and the raw SQL gave the same "
          "ids and count.")
    ratios = [r.service_ms / r.raw_ms for r in results]
    worst = max(results, key=lambda r: r.service_ms / r.raw_ms)
    print(f"\nservice/raw: median {statistics.median(ratios):.2f}, worst {max(ratios):.2f} "
          f"({worst.query}, {worst.phase})  (goal ≤ 1.3)")
    by_query: dict[str, dict[str, Result]] = {}
    for r in results:
        by_query.setdefault(r.query, {})[r.phase] = r
    if all(len(v) == 2 for v in by_query.values()):
        print("\nwhat the indexes buy (service ms, none → indexed):")
        for name, v in by_query.items():
            a, b = v["none"], v["indexed"]
            print(f"  {name:<22} {a.service_ms:>9.2f} → {b.service_ms:>8.2f}  "
                  f"({a.service_ms / b.service_ms:,.1f}x)")
    print("\nplans of the SQL the service ran (t = the table, ix(F) = gridbase's index on (F, id)):")
    for r in results:
        print(f"  {r.query} [{r.phase}]: {r.plans}")
        if r.extra:
            print(f"      {r.extra}")


# --- database lifecycle ----------------------------------------------------------------------
async def pg_create(url: str) -> tuple[str, str]:
    """Create a fresh database on the server at ``url``; return (its URL, its name)."""
    import asyncpg

    name = f"gb_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, "")), name


async def pg_drop(url: str, name: str) -> None:
    import asyncpg

    admin = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


def progress(done: int, total: int | None) -> None:
    if total and (done % 200_000 == 0 or done == total):
        print(f"  loaded {done:,}/{total:,}", file=sys.stderr, flush=True)


async def bench(url: str, args: argparse.Namespace) -> None:
    from core.db import dialect, store

    async with store(url):
        which = dialect()
        print(f"loading {args.rows:,} rows ({which}) …", file=sys.stderr, flush=True)
        table, load_s = await _synth.create_met_table(args.rows, indexed=False, progress=progress)
        print(f"  {args.rows / load_s:,.0f} rows/s", file=sys.stderr)
        only = set(args.only) if args.only else None
        results: list[Result] = []
        index_s = None
        if args.indexes in ("both", "none"):
            results += await run_phase(table, "none", args.repeat, only)
        if args.indexes in ("both", "on"):
            print("indexing " + ", ".join(_synth.INDEXABLE) + " …", file=sys.stderr, flush=True)
            table, index_s = await add_indexes(table)
            results += await run_phase(table, "indexed", args.repeat, only)
        header = (f"list 25 + totalRows on {args.rows:,} synthetic Met rows, {which}; "
                  f"median of ≥ {args.repeat} runs after a warm-up (ms)\n"
                  f"load {load_s:.1f} s ({args.rows / load_s:,.0f} rows/s via execute_many)"
                  + (f"; set_indexed on {len(_synth.INDEXABLE)} fields {index_s:.1f} s"
                     if index_s is not None else ""))
        report(results, header)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", help="a new SQLite file path (kept), or a postgres:// URL of a "
                        "server (a fresh database is created there and dropped after); "
                        "default: a temporary SQLite file")
    parser.add_argument("--repeat", type=int, default=5,
                        help="timed runs per query at least (median; fast queries get more, "
                             "up to 1 s of runs); default: %(default)s")
    parser.add_argument("--indexes", choices=("both", "none", "on"), default="both",
                        help="run without user indexes, with them, or both (default)")
    parser.add_argument("--only", nargs="*", metavar="QUERY",
                        help="run only these queries: " + ", ".join(repr(q.name) for q in QUERIES))
    args = parser.parse_args()
    if args.db and args.db.startswith(("postgres://", "postgresql://")):
        url = "postgres://" + args.db.split("://", 1)[1]

        async def on_pg() -> None:
            fresh, name = await pg_create(url)
            try:
                await bench(fresh, args)
            finally:
                await pg_drop(url, name)

        asyncio.run(on_pg())
    elif args.db:
        if Path(args.db).exists():
            raise SystemExit(f"{args.db} exists; give a new file (the benchmark creates its table)")
        asyncio.run(bench(args.db, args))
    else:
        with tempfile.TemporaryDirectory(prefix="gb-bench-query-") as tmp:
            asyncio.run(bench(str(Path(tmp, "bench.db")), args))


if __name__ == "__main__":
    main()
