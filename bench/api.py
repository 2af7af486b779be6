"""Benchmark: ``gridbase serve`` under load vs a bare Sanic route, with NocoDB's figures beside.

In one run:

1. builds a SQLite file with a 100,000-row synthetic Met table (``bench/_synth.py``, seeded;
   select/number/date fields indexed, as gridbase does by default) and creates an API token
   with ``gridbase token create`` (its last stdout line);
2. starts ``gridbase --db FILE serve --port P`` (one worker, as on SQLite) and a bare Sanic app
   (one process, access log off) whose only route returns a constant body: the very JSON the
   gridbase list-25 request returned (25 rows + pageInfo), so both send the same bytes;
3. loads each with 32 concurrent keep-alive connections for ``--seconds`` per scenario (after a
   1 s warm-up): list-25 unfiltered, list-25 with a where (eq on a select), list-25 with a
   range + sort, get-one (random ids), bulk insert of 1,000 rows per request — and the bare
   route. The three list scenarios run twice: against that server (a repeated request is
   answered from its response cache, ``api/page_cache.py``, while the data is unchanged) and,
   as "… read", against a second ``gridbase serve`` on the same file with that cache off
   (``GRIDBASE_API_CACHE_MB=0``), where every request reads its rows. The client is ``wrk``
   when it is installed (``--client auto``), else aiohttp in this process; the servers are
   child processes on free loopback ports.

Prints req/s (rows/s for the bulk insert), p50/p99 latency, the ratio gridbase/bare and the
NocoDB 0.301.3 reference measured on this kind of machine with the same data and 32
connections. Goals: every figure ≥ 10× NocoDB's; list-25 ≥ 0.5× the bare route. Only loopback
traffic; every loop is bounded in time and count. Asserts nothing.

    python bench/api.py                   # 10 s per scenario
    python bench/api.py --seconds 5 --client aiohttp
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import _synth  # noqa: E402
from import_csv import gridbase_cmd  # noqa: E402  (the other benchmark's way to find the CLI)

CONNECTIONS = 32
HOST = "127.0.0.1"
MAX_REQUESTS = 2_000_000  # per scenario, on top of the time limit
BULK = 1000

# NocoDB 0.301.3, same data, 32 connections, this kind of machine (req/s; rows/s for bulk).
NOCODB = {"list-25": 105, "where-eq": 50, "range + sort": 27, "get-one": 300,
          "bulk insert": 1200, "bare route": 11_800}


# --- processes -------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def wait_ready(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server did not answer {url} within {timeout:.0f} s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process so far (Linux /proc; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def quiesce(pid: int, timeout: float = 60.0) -> None:
    """Wait (bounded) until the server is idle: requests a load generator abandoned when it
    stopped (wrk drops what is in flight) must not run into the next scenario."""
    deadline = time.monotonic() + timeout
    last = cpu_seconds(pid)
    while last is not None and time.monotonic() < deadline:
        time.sleep(0.3)
        now = cpu_seconds(pid)
        if now is None or now - last < 0.02:
            return
        last = now


def warm_once(base: str, sc: Scenario, headers: dict[str, str]) -> None:
    """One request, sequentially (the warm-up for writes: a concurrent one would leave up to
    32 bulk inserts running into the timed run)."""
    path = sc.path + ("1" if sc.random_ids else "")
    hdrs = {**headers, **({"Content-Type": "application/json"} if sc.body else {})}
    req = urllib.request.Request(base + path, data=sc.body, headers=hdrs, method=sc.method)
    with urllib.request.urlopen(req, timeout=120) as r:
        r.read()


def bare_serve(port: int, body_file: str) -> None:
    """The bare app (run as ``api.py --bare-serve PORT FILE``): one route, a constant body."""
    from sanic import Sanic
    from sanic.response import json as json_response

    payload = json.loads(Path(body_file).read_text())
    app = Sanic("bare_bench", configure_logging=False)
    app.config.update(MOTD=False, ACCESS_LOG=False)

    @app.get("/records")
    async def records(request: Any) -> Any:
        return json_response(payload)

    @app.get("/health")
    async def health(request: Any) -> Any:
        return json_response({"ok": True})

    app.run(host=HOST, port=port, single_process=True, access_log=False, motd=False)


# --- data ------------------------------------------------------------------------------------
def prepare(db: Path, rows: int) -> tuple[str, str]:
    """Make the table (in this process) and a token (with the CLI); return (table id, token)."""
    from core.db import store

    async def build() -> str:
        async with store(str(db)):
            table, secs = await _synth.create_met_table(rows, indexed=True)
            print(f"  {rows:,} rows in {secs:.1f} s", file=sys.stderr)
            return str(table.id)

    table_id = asyncio.run(build())
    out = subprocess.run([*gridbase_cmd(), "--db", str(db), "token", "create", "--name", "bench"],
                         capture_output=True, text=True, check=True).stdout
    return table_id, out.strip().splitlines()[-1]


# --- load ------------------------------------------------------------------------------------
@dataclass
class Scenario:
    name: str
    server: str                       # "gridbase" or "bare"
    method: str = "GET"
    path: str = ""                    # path + query string
    random_ids: int = 0               # get-one: append a random id in 1..random_ids
    body: bytes | None = None
    rows_per_request: int = 0         # bulk insert: report rows/s


@dataclass
class Result:
    scenario: Scenario
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p99_ms: float
    client: str
    statuses: dict[int, int] = field(default_factory=dict)
    cpu_s: float | None = None        # the server process's CPU seconds during the timed run

    @property
    def cpu_ms_per_request(self) -> float | None:
        return None if self.cpu_s is None or not self.requests else self.cpu_s / self.requests * 1000

    @property
    def req_s(self) -> float:
        return (self.requests - self.errors) / self.seconds if self.seconds else 0.0

    @property
    def rate(self) -> float:
        """req/s, or rows/s for a bulk scenario."""
        ok = self.requests - self.errors
        per = self.scenario.rows_per_request or 1
        return ok * per / self.seconds if self.seconds else 0.0


async def aiohttp_load(base: str, sc: Scenario, headers: dict[str, str], seconds: float,
                       conns: int) -> Result:
    import aiohttp

    rng = random.Random(7)
    connector = aiohttp.TCPConnector(limit=conns, limit_per_host=conns)
    timeout = aiohttp.ClientTimeout(total=120)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    count = 0

    def url() -> str:
        if sc.random_ids:
            return f"{base}{sc.path}{rng.randint(1, sc.random_ids)}"
        return base + sc.path

    async with aiohttp.ClientSession(connector=connector, timeout=timeout, headers=headers) as s:

        send_headers = {"Content-Type": "application/json"} if sc.body is not None else None

        async def worker(deadline: float) -> None:
            nonlocal count
            while time.perf_counter() < deadline and count < MAX_REQUESTS:
                started = time.perf_counter()
                async with s.request(sc.method, url(), data=sc.body, headers=send_headers) as r:
                    await r.read()
                    status = r.status
                latencies.append(time.perf_counter() - started)
                statuses[status] = statuses.get(status, 0) + 1
                count += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker(started + seconds) for _ in range(conns)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    errors = sum(n for st, n in statuses.items() if not 200 <= st < 300)
    return Result(sc, count, elapsed, errors, pct(latencies, 50), pct(latencies, 99),
                  "aiohttp", statuses)


def pct(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, int(round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[k] * 1000


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def wrk_load(base: str, sc: Scenario, headers: dict[str, str], seconds: float, conns: int,
             tmp: Path) -> Result:
    """One scenario with wrk (one thread: the box has two cores and the server needs one)."""
    lua = [f'wrk.method = "{sc.method}"']
    for k, v in headers.items():
        lua.append(f'wrk.headers["{k}"] = "{v}"')
    if sc.body is not None:
        lua.append('wrk.headers["Content-Type"] = "application/json"')
        lua.append(f"wrk.body = [==[{sc.body.decode()}]==]")
    if sc.random_ids:
        lua.append("math.randomseed(7)")
        lua.append(f'request = function() return wrk.format(nil, "{sc.path}" .. '
                   f"math.random(1, {sc.random_ids})) end")
    else:
        lua.append(f'wrk.path = "{sc.path}"')
    script = tmp / "bench.lua"
    script.write_text("\n".join(lua) + "\n")
    cmd = ["wrk", "-t1", f"-c{conns}", "--latency", "--timeout", "60s", "-s", str(script)]
    started = time.perf_counter()
    out = subprocess.run([*cmd, f"-d{max(1, round(seconds))}s", base], capture_output=True,
                         text=True, check=True).stdout
    elapsed_guess = time.perf_counter() - started
    total = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", out)
    requests = int(total.group(1)) if total else 0
    elapsed = float(total.group(2)) * _UNITS[total.group(3)] / 1000 if total else elapsed_guess
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errs = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(bad.group(1)) if bad else 0) + (sum(map(int, errs.groups())) if errs else 0)

    def latency(p: int) -> float:
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
        return float(m.group(1)) * _UNITS[m.group(2)] if m else float("nan")

    return Result(sc, requests, elapsed, errors, latency(50), latency(99), "wrk")


# --- the run ---------------------------------------------------------------------------------
def scenarios(table_id: str, rows: int) -> list[Scenario]:
    records = f"/api/v2/tables/{table_id}/records"

    def q(**params: str) -> str:
        return records + "?" + urlencode(params, quote_via=quote)

    body = json.dumps(_synth.api_rows(BULK)).encode()
    reads = [
        ("list-25", q(limit="25")),
        ("where-eq", q(where="(Department,eq,Arms and Armor)", limit="25")),
        ("range + sort", q(where="(Object Begin Date,btw,1500,1599)", sort="-Object Begin Date",
                           limit="25")),
    ]
    return [
        *(Scenario(name, "gridbase", path=path) for name, path in reads),
        *(Scenario(f"{name} read", "fresh", path=path) for name, path in reads),
        Scenario("get-one", "gridbase", path=records + "/", random_ids=rows),
        Scenario("bulk insert", "gridbase", method="POST", path=records, body=body,
                 rows_per_request=BULK),
        Scenario("health", "gridbase", path="/api/v1/health"),
        Scenario("bare route", "bare", path="/records"),
    ]


def report(results: list[Result], rows: int, seconds: float, load_note: str) -> None:
    bare = next((r for r in results if r.scenario.server == "bare"), None)
    bare_req_s = bare.req_s if bare else 0.0
    print(f"\ngridbase serve (SQLite, 1 worker) on {rows:,} synthetic Met rows vs a bare Sanic "
          f"route; {CONNECTIONS} connections, {seconds:g} s per scenario, client: "
          f"{results[0].client}{load_note}\n")
    head = (f"| {'scenario':<17} | {'req/s':>7} | {'rows/s':>7} | {'p50 ms':>7} | {'p99 ms':>7} "
            f"| {'CPU ms/req':>10} | {'per CPU-s':>9} | {'× bare':>6} | {'NocoDB':>6} | {'× NocoDB':>8} | {'goal':<13} |")
    print(head)
    print("|" + "|".join("-" * (len(c)) for c in head.split("|")[1:-1]) + "|")
    for r in results:
        sc = r.scenario
        ref = NOCODB.get(sc.name.removesuffix(" read"))
        x_noco = r.rate / ref if ref else None
        x_bare = r.req_s / bare_req_s if bare_req_s and r is not bare else None
        if sc.server == "bare":
            goal = "(reference)"
        elif ref is None:
            goal = "(diagnostic)"
        else:
            met = x_noco is not None and x_noco >= 10 and (
                not sc.name.startswith("list-25") or (x_bare is not None and x_bare >= 0.5))
            goal = "met" if met else "MISSED"
        cpu = r.cpu_ms_per_request
        print(f"| {sc.name:<17} | {r.req_s:>7,.0f} | "
              f"{(f'{r.rate:,.0f}' if sc.rows_per_request else ''):>7} | {r.p50_ms:>7.1f} | "
              f"{r.p99_ms:>7.1f} | {(f'{cpu:.2f}' if cpu is not None else '-'):>10} | "
              f"{(f'{r.rate / r.req_s * 1000 / cpu:,.0f}' if cpu and r.req_s else '-'):>9} | "
              f"{(f'{x_bare:.2f}' if x_bare is not None else '-'):>6} | "
              f"{(f'{ref:,}' if ref else '-'):>6} | "
              f"{(f'{x_noco:.1f}×' if x_noco is not None else '-'):>8} | {goal:<13} |")
    print("\nNocoDB: 0.301.3, same data, 32 connections, this kind of machine — req/s (rows/s for "
          "bulk insert).\nGoals: every figure ≥ 10× NocoDB's; list-25 ≥ 0.5× the bare route.\n"
          "CPU ms/req: the server process's CPU time during the run / requests; per CPU-s: requests "
          "(rows for\nbulk insert) served per second of server CPU, what one free core would give. "
          "Both are steadier than\nreq/s on a busy machine. health: gridbase's unauthenticated "
          "/api/v1/health on the same server, the\napp's floor (Sanic + sanic-ext + middleware + "
          "access log).\nlist-25, where-eq, range + sort: the same request again and again, as a "
          "client polling or paging\nback does; between writes gridbase answers it from its "
          "response cache (api/page_cache.py).\n'… read': the same requests to a second server "
          "with that cache off (GRIDBASE_API_CACHE_MB=0):\nevery request reads the rows.")
    for r in results:
        if r.errors:
            print(f"  {r.scenario.name}: {r.errors} failed requests {r.statuses or ''}")


def load_average() -> str:
    try:
        return ", load average before the run " + " ".join(
            f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"
    except OSError:
        return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10.0, help="per scenario")
    parser.add_argument("--client", choices=("auto", "wrk", "aiohttp"), default="auto",
                        help="load generator (auto: wrk if installed, else aiohttp)")
    parser.add_argument("--only", nargs="*", metavar="SCENARIO",
                        help="run only these: list-25, where-eq, 'range + sort', get-one, "
                             "'bulk insert', 'bare route'")
    parser.add_argument("--bare-serve", nargs=2, metavar=("PORT", "BODY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_serve:
        bare_serve(int(args.bare_serve[0]), args.bare_serve[1])
        return
    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "aiohttp"
    elif client == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk), or use --client aiohttp")
    note = load_average()
    with tempfile.TemporaryDirectory(prefix="gb-bench-api-") as tmp_name:
        tmp = Path(tmp_name)
        db = tmp / "bench.db"
        print(f"building {args.rows:,} rows …", file=sys.stderr, flush=True)
        table_id, token = prepare(db, args.rows)
        gb_port, bare_port = free_port(), free_port()
        gb_log, bare_log = tmp / "gridbase.log", tmp / "bare.log"
        procs: list[subprocess.Popen[bytes]] = []
        try:
            with open(gb_log, "wb") as log:
                procs.append(subprocess.Popen(
                    [*gridbase_cmd(), "--db", str(db), "serve", "--port", str(gb_port)],
                    stdout=log, stderr=subprocess.STDOUT))
            gb_base = f"http://{HOST}:{gb_port}"
            wait_ready(gb_base + "/api/v1/health", procs[0], gb_log)
            headers = {"xc-token": token}
            req = urllib.request.Request(f"{gb_base}/api/v2/tables/{table_id}/records?limit=25",
                                         headers=headers)
            with urllib.request.urlopen(req, timeout=30) as r:
                body_file = tmp / "page.json"
                body_file.write_bytes(r.read())
            with open(bare_log, "wb") as log:
                procs.append(subprocess.Popen(
                    [sys.executable, __file__, "--bare-serve", str(bare_port), str(body_file)],
                    stdout=log, stderr=subprocess.STDOUT))
            bare_base = f"http://{HOST}:{bare_port}"
            wait_ready(bare_base + "/health", procs[1], bare_log)
            fresh_port, fresh_log = free_port(), tmp / "fresh.log"
            with open(fresh_log, "wb") as log:  # the same server with its response cache off
                procs.append(subprocess.Popen(
                    [*gridbase_cmd(), "--db", str(db), "serve", "--port", str(fresh_port)],
                    stdout=log, stderr=subprocess.STDOUT,
                    env={**os.environ, "GRIDBASE_API_CACHE_MB": "0"}))
            fresh_base = f"http://{HOST}:{fresh_port}"
            wait_ready(fresh_base + "/api/v1/health", procs[2], fresh_log)
            servers = {"gridbase": (gb_base, procs[0]), "bare": (bare_base, procs[1]),
                       "fresh": (fresh_base, procs[2])}
            results = []
            for sc in scenarios(table_id, args.rows):
                if args.only and sc.name not in args.only:
                    continue
                base, proc = servers[sc.server]
                print(f"  {sc.name} ({client}, {args.seconds:g} s) …", file=sys.stderr, flush=True)


                def load(seconds: float) -> Result:
                    if client == "wrk":
                        return wrk_load(base, sc, headers, seconds, CONNECTIONS, tmp)
                    return asyncio.run(aiohttp_load(base, sc, headers, seconds, CONNECTIONS))

                if sc.body is not None:
                    warm_once(base, sc, headers)
                else:
                    load(1.0)  # warm-up, discarded
                quiesce(proc.pid)  # what the warm-up left in flight must not run into the timing
                before = cpu_seconds(proc.pid)
                result = load(args.seconds)
                after = cpu_seconds(proc.pid)
                if before is not None and after is not None:
                    result.cpu_s = after - before
                results.append(result)
        finally:
            for p in procs:
                stop(p)
        report(results, args.rows, args.seconds, note)


if __name__ == "__main__":
    main()
