"""NocoDB's official JS client (``nocodb-sdk`` from npm, run with node) against a real
``gridbase serve``: it must work unchanged."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.integration.conftest import Server

SDK_VERSION = "0.301.3"
NODE, NPM = shutil.which("node"), shutil.which("npm")
pytestmark = pytest.mark.skipif(not (NODE and NPM), reason="node and npm are needed")

SCRIPT = r"""
const { Api } = require('nocodb-sdk');
const api = new Api({ baseURL: process.env.GB_URL, headers: { 'xc-token': process.env.GB_TOKEN } });
(async () => {
  const out = {};
  const base = await api.base.create({ title: 'SDK Base' });
  out.base = base;
  const table = await api.dbTable.create(base.id, { table_name: 'objects', title: 'Objects', columns: [
    { column_name: 'title', title: 'Title', uidt: 'SingleLineText' },
    { column_name: 'dept', title: 'Department', uidt: 'SingleSelect', dtxp: "'Arms and Armor','Medieval Art'" },
    { column_name: 'year', title: 'Year', uidt: 'Number' },
  ]});
  out.table = { id: table.id, columns: table.columns.map(c => c.title) };
  out.tables = (await api.dbTable.list(base.id)).list.map(t => t.title);
  out.created = await api.dbDataTableRow.create(table.id, [
    { Title: 'Helmet', Department: 'Arms and Armor', Year: 1550 },
    { Title: 'Chalice', Department: 'Medieval Art', Year: 1200 },
    { Title: 'Sword, long', Department: 'Arms and Armor', Year: 1600 },
  ]);
  out.listed = await api.dbDataTableRow.list(table.id, {
    where: '(Department,eq,Arms and Armor)', sort: '-Year', fields: 'Title,Year', limit: 10 });
  out.read = await api.dbDataTableRow.read(table.id, 2, {});
  out.updated = await api.dbDataTableRow.update(table.id, [{ Id: 2, Year: 1210 }]);
  out.reread = await api.dbDataTableRow.read(table.id, 2, { fields: 'Year' });
  out.deleted = await api.dbDataTableRow.delete(table.id, [{ Id: 1 }]);
  out.count = await api.dbDataTableRow.count(table.id, {});
  out.countWhere = await api.dbDataTableRow.count(table.id, { where: '(Year,gt,1300)' });
  try { await api.dbDataTableRow.read(table.id, 999, {}); out.missing = 'no error'; }
  catch (e) { out.missing = { status: e.response && e.response.status, body: e.response && e.response.data }; }
  console.log(JSON.stringify(out));
})().catch(e => { console.error(e.response ? JSON.stringify(e.response.data) : e); process.exit(1); });
"""


@pytest.fixture(scope="session")
def sdk_dir() -> Path:
    cache = Path.home() / ".cache" / "gridbase-tests" / f"nocodb-sdk-{SDK_VERSION}"
    if not (cache / "node_modules" / "nocodb-sdk").exists():
        cache.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([NPM, "install", "--ignore-scripts", "--no-audit", "--no-fund",
                               "--prefix", str(cache), f"nocodb-sdk@{SDK_VERSION}"],
                              capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            pytest.skip(f"could not install nocodb-sdk from npm: {done.stderr[-300:]}")
    return cache


def test_nocodb_sdk_works_unchanged(server: Server, token: str, sdk_dir: Path, tmp_path: Path) -> None:
    script = sdk_dir / "gridbase_sdk_check.js"
    script.write_text(SCRIPT)
    done = subprocess.run([NODE, str(script)], capture_output=True, text=True, timeout=120,
                          env={"GB_URL": server.url, "GB_TOKEN": token, "PATH": "/usr/bin:/bin"},
                          cwd=sdk_dir)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["base"]["title"] == "SDK Base" and out["base"]["id"].startswith("p")
    assert out["table"]["columns"] == ["Id", "Title", "Department", "Year", "CreatedAt", "UpdatedAt"]
    assert out["tables"] == ["Objects"]
    assert out["created"] == [{"Id": 1}, {"Id": 2}, {"Id": 3}]
    assert out["listed"]["list"] == [{"Title": "Sword, long", "Year": 1600}, {"Title": "Helmet", "Year": 1550}]
    assert out["listed"]["pageInfo"]["totalRows"] == 2
    assert out["read"]["Title"] == "Chalice" and out["read"]["Department"] == "Medieval Art"
    assert out["updated"] == [{"Id": 2}]
    assert out["reread"] == {"Year": 1210}
    assert out["deleted"] == [{"Id": 1}]
    assert out["count"] == {"count": 2} and out["countWhere"] == {"count": 1}
    assert out["missing"]["status"] == 404
    assert out["missing"]["body"]["error"] == "ERR_RECORD_NOT_FOUND"
