"""Benchmark: typical list queries through the records service vs the same SQL written by hand.

Builds a synthetic Met table (``bench/_synth.py``; seeded, 1,000,000 rows by default) and, in the
same run and on the same connection, times for each query

* **service** — what a list request costs below HTTP: ``build_list_query`` (parse ``where`` and
  ``sort`` against the table) + ``core.records.service.list_records`` (a page of 25 rows turned
  into JSON values, plus its ``totalRows`` ``COUNT(*)``), with the count cache
  (``core.records.counts``) missing on every call, so the service counts as the raw side does;
* **raw** — a page and a ``COUNT(*)`` written by hand and run with
  ``conn().execute_query_dict`` (rows left as the driver returns them).

``--count-cache`` adds the service with its count cache working, for information: what a
repeated list of an unchanged table costs.

Each figure is the median of at least ``--repeat`` runs (fast queries get up to 1 s of runs)
after a warm-up, service and raw alternating.
The ratio service/raw is what the layer costs (goal ≤ 1.3). Every query runs twice: first with
no user index, then after ``set_indexed`` on the fields whose type warrants one (the select,
number and date fields — what gridbase indexes by default), so the table shows which queries
need an index; the plans (EXPLAIN QUERY PLAN / EXPLAIN of the page and count statements the
service really ran, on the side connection of ``core.peek`` or the Tortoise one) say which use
one. The service and raw answers are compared (same ids, same count).

Prints tables; asserts nothing.

    python bench/query.py                         # 1M rows, temporary SQLite file
    python bench/query.py --rows 100000 --repeat 3
    python bench/query.py --count-cache           # + the service with its count cache working
    python bench/query.py --db postgres://postgres@127.0.0.1:5432/test   # fresh DB, dropped after
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import os
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
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

    def service_fn(self, q: Query, cached: bool = False) -> Callable[[], Awaitable[Any]]:
        """The service call; unless ``cached``, with the count cache missing (``counts_missing``)."""
        from core.query import build_list_query
        from core.records.service import list_records

        args = {k: [v] for k, v in (("where", q.where), ("sort", q.sort)) if v}

        async def run() -> Any:
            query = build_list_query(lambda n: args.get(n, []), self.table)
            if cached:
                return await list_records(self.table, query)
            with counts_missing():
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


@contextlib.contextmanager
def counts_missing() -> Iterator[None]:
    """The count cache misses while inside: ``counts.get`` answers None, so the service reads
    the page with its ``COUNT(*)`` as on a first request. ``put`` still runs, so a
    ``--count-cache`` call next to it finds its entry."""
    from core.records import counts

    original = counts.get
    counts.get = lambda *_: None  # type: ignore[assignment]
    try:
        yield
    finally:
        counts.get = original  # type: ignore[assignment]


@dataclass(frozen=True)
class Statement:
    kind: str                  # version check / page / page+count / count / other
    via: str                   # "side" (core.peek) or "main" (the Tortoise connection)
    sql: str
    params: list[Any]


def statement_kind(sql: str, physical: str) -> str:
    """What a statement of a list call is, from its text: the version check behind the count
    cache does not read the table; the page has a LIMIT and carries the count as ``gb_total``
    when the cache missed."""
    if f'"{physical}"' not in sql:
        return "version check"
    upper = sql.upper()
    if "GB_TOTAL" in upper:
        return "page+count"
    if "LIMIT" in upper:
        return "page"
    return "count" if "COUNT(" in upper else "other"


async def service_statements(fn: Callable[[], Awaitable[Any]], physical: str) -> list[Statement]:
    """The statements one service call really ran, in order, on either path: the side
    connection (``peek.rows`` / ``peek.dict_rows``; a call that answered None ran nothing
    there or gave up, and the caller reruns it on the main connection) and the Tortoise
    connection's execute methods (an execute method calling another is recorded once)."""
    from core import peek
    from core.db import conn

    seen: list[Statement] = []
    gave_up: set[str] = set()
    depth = 0

    def side(original: Callable[..., Any]) -> Callable[..., Any]:
        def record(sql: str, params: Any = (), **kw: Any) -> Any:
            found = original(sql, params, **kw)
            if found is None:
                gave_up.add(sql)
            else:
                seen.append(Statement(statement_kind(sql, physical), "side", sql, list(params)))
            return found
        return record

    def main(original: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def record(sql: str, values: Any = None, *rest: Any) -> Any:
            nonlocal depth
            if depth == 0:
                via = "main, side gave up" if sql in gave_up else "main"
                seen.append(Statement(statement_kind(sql, physical), via, sql, list(values or [])))
            depth += 1
            try:
                return await original(sql, values, *rest)
            finally:
                depth -= 1
        return record

    c = conn()
    methods = ("execute_query_dict", "execute_query", "execute_many")
    side_fns = {name: getattr(peek, name) for name in ("rows", "dict_rows")}
    for name in methods:
        setattr(c, name, main(getattr(c, name)))
    for name, original in side_fns.items():
        setattr(peek, name, side(original))
    try:
        await fn()
    finally:
        for name in methods:
            delattr(c, name)
        for name, original in side_fns.items():
            setattr(peek, name, original)
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
    cached_ms: float | None = None  # the service with its count cache working (--count-cache)


async def run_phase(table: Any, phase: str, repeat: int, only: set[str] | None,
                    count_cache: bool) -> list[Result]:
    from core.db import dialect as current_dialect
    from core.records import counts

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
        cached = bench.service_fn(q, cached=True) if count_cache else None
        if cached is not None:
            fns.append(cached)
        alt_sql = None
        if q.name == "like":
            alt_sql = bench.raw_sql(q, BUILTIN_LIKE[dialect])
            fns.append(bench.raw_fn(*alt_sql))
        times = await compare(fns, repeat)
        page_ms = median_ms([a for a, _ in split])
        count_ms = median_ms([b for _, b in split])
        hits = counts.hits
        page = await svc()
        if counts.hits != hits:
            raise SystemExit(f"{q.name}: the service answered totalRows from the count cache")
        rows, n = await raw()
        pk = table.pk.title
        same = [r[pk] for r in page.rows] == [r["id"] for r in rows] and page.info.total_rows == n
        plans = await explain(await service_statements(svc, table.physical), dialect, rename)
        extra = ""
        if alt_sql is not None:
            alt_rows, alt_n = await bench.raw_fn(*alt_sql)()
            word = "LIKE" if dialect == "sqlite" else "ILIKE"
            alt_ms = times[-1]
            extra = (f"raw with built-in {word} instead of {'gb_fold' if dialect == 'sqlite' else 'lower'}: "
                     f"{alt_ms:.1f} ms, service/that = {times[0] / alt_ms:.2f} "
                     f"({alt_n:,} rows match{'; case folding differs' if alt_n != n else ''})")
        results.append(Result(q.name, phase, times[0], times[1], n, same, plans, extra,
                              page_ms, count_ms, times[2] if cached is not None else None))
    return results


async def explain(statements: list[Statement], dialect: str, rename: dict[str, str]) -> str:
    """Each statement named by what it is and where it ran; plans of the page and count ones
    only (a version check reads no table)."""
    parts = []
    for s in statements:
        if s.kind == "version check":
            parts.append(f"version check ({s.via})")
        else:
            parts.append(f"{s.kind} ({s.via}): {await plan(s.sql, s.params, dialect, rename)}")
    return " | ".join(parts)


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
    cached = any(r.cached_ms is not None for r in results)
    extra_head = f" {'service, count cached':>21} |" if cached else ""
    extra_rule = f"{'-' * 23}|" if cached else ""
    print(f"| {'query':<22} | {'user indexes':<12} | {'service ms':>10} | {'raw ms':>8} "
          f"| {'service/raw':>11} | {'raw: page':>9} | {'+ count':>8} | {'totalRows':>9} | same |"
          + extra_head)
    print(f"|{'-' * 24}|{'-' * 14}|{'-' * 12}|{'-' * 10}|{'-' * 13}|{'-' * 11}|{'-' * 10}"
          f"|{'-' * 11}|------|" + extra_rule)
    for r in results:
        extra = f" {r.cached_ms:>21.2f} |" if r.cached_ms is not None else ""
        print(f"| {r.query:<22} | {r.phase:<12} | {r.service_ms:>10.2f} | {r.raw_ms:>8.2f} "
              f"| {r.service_ms / r.raw_ms:>10.2f}x | {r.raw_page_ms:>9.2f} | {r.raw_count_ms:>8.2f} "
              f"| {r.total:>9,} | {'yes' if r.same else 'NO':<4} |" + extra)
    print("\nservice: the count cache misses on every call, so the service counts as the raw side "
          "does.\nraw: page / + count — the two hand-written statements timed apart (the totalRows "
          "COUNT(*) is often\nthe larger part). same: the service and the raw SQL gave the same "
          "ids and count.")
    if cached:
        print("service, count cached: the same call with the count cache working (totalRows "
              "reused while the data\nis unchanged) — for information, not part of the ratio.")
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
    print("\nstatements the service ran per call, in order, and where (side = core.peek's "
          "connection, main = Tortoise's);\nplans of the page and count ones (t = the table, "
          "ix(F) = gridbase's index on (F, id)):")
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
            results += await run_phase(table, "none", args.repeat, only, args.count_cache)
        if args.indexes in ("both", "on"):
            print("indexing " + ", ".join(_synth.INDEXABLE) + " …", file=sys.stderr, flush=True)
            table, index_s = await add_indexes(table)
            results += await run_phase(table, "indexed", args.repeat, only, args.count_cache)
        header = (f"list 25 + totalRows (count cache missing) on {args.rows:,} synthetic Met rows, "
                  f"{which}; "
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
    parser.add_argument("--count-cache", action="store_true",
                        help="also time the service with its count cache working (an extra "
                             "column, for information; the ratio always has the cache missing)")
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
