"""A real ``gridbase serve`` process driven over HTTP by aiohttp, with the Met sample."""

from __future__ import annotations

import csv
import signal

import aiohttp

from tests.conftest import met_csv_path
from tests.integration.conftest import Server

TYPED = {"Is Highlight": "Checkbox", "Is Timeline Work": "Checkbox", "Is Public Domain": "Checkbox",
         "Object ID": "Number", "Object Begin Date": "Number", "Object End Date": "Number",
         "Medium": "LongText", "Dimensions": "LongText", "Credit Line": "LongText",
         "Object Name": "LongText", "Title": "LongText"}


def met_rows() -> tuple[list[str], list[dict]]:
    with met_csv_path().open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header = list(reader.fieldnames or [])
        rows = []
        for rec in reader:
            row = {}
            for k, v in rec.items():
                if v == "":
                    continue
                row[k] = (v == "True") if TYPED.get(k) == "Checkbox" else v
            rows.append(row)
    return header, rows


async def test_met_flow_over_real_http(server: Server, token: str) -> None:
    header, rows = met_rows()
    h = {"xc-token": token}
    async with aiohttp.ClientSession(server.url, headers=h) as http:
        async with http.get("/api/v1/health", headers={"xc-token": ""}) as r:
            assert r.status == 200 and await r.json() == {"ok": True}
        async with http.post("/api/v2/meta/bases", json={"title": "Met Museum"}) as r:
            base = await r.json()
        columns = [{"title": c, "uidt": TYPED.get(c, "SingleLineText")} for c in header]
        async with http.post(f"/api/v2/meta/bases/{base['id']}/tables",
                             json={"title": "Met", "columns": columns}) as r:
            assert r.status == 200, await r.text()
            table = await r.json()
        records = f"/api/v2/tables/{table['id']}/records"
        ids = []
        for start in range(0, len(rows), 1000):
            async with http.post(records, json=rows[start:start + 1000]) as r:
                assert r.status == 200, await r.text()
                ids += [x["Id"] for x in await r.json()]
        assert ids == list(range(1, 2001))
        params = {"where": "(Department,eq,Arms and Armor)~and(Object Begin Date,btw,1500,1600)",
                  "sort": "-Object Begin Date", "fields": "Title,Object Begin Date", "limit": "1000"}
        async with http.get(records, params=params) as r:
            listed = await r.json()
        expected = [x for x in rows if x.get("Department") == "Arms and Armor"
                    and 1500 <= int(x["Object Begin Date"]) <= 1600]
        assert listed["pageInfo"]["totalRows"] == len(expected) > 0
        begins = [x["Object Begin Date"] for x in listed["list"]]
        assert begins == sorted(begins, reverse=True)
        first_id = ids[0]
        async with http.patch(records, json={"Id": first_id, "Title": "Renamed, (really)"}) as r:
            assert await r.json() == {"Id": first_id}
        async with http.get(f"{records}/{first_id}", params={"fields": "Title"}) as r:
            assert await r.json() == {"Title": "Renamed, (really)"}
        async with http.delete(records, json=[{"Id": i} for i in ids[-10:]]) as r:
            assert len(await r.json()) == 10
        async with http.get(f"{records}/count") as r:
            assert await r.json() == {"count": 1990}
        erard = [x for x in rows[:-10] if "érard" in x.get("Artist Display Name", "").casefold()]
        async with http.get(f"{records}/count", params={"where": "(Artist Display Name,like,ÉRARD)"}) as r:
            assert (await r.json())["count"] == len(erard) > 0


def test_sigterm_stops_the_server_cleanly(server: Server) -> None:
    assert server.stop(signal.SIGTERM) == 0
    assert "Traceback" not in server.log.read_text()
