"""Hypothesis fuzz of ``where``, ``sort`` and ``fields`` sent straight to a real server's list
and count endpoints: strings built from the query language's own pieces (titles, operators,
sub-operators, ``~and``/``~or``/``~not``, quotes, parentheses, commas) mixed with arbitrary
text. Whatever arrives, the answer is a 200 page or a 4xx in the one envelope — never a 5xx.
``GRIDBASE_FUZZ_EXAMPLES`` raises the example count (default 300 per backend)."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.reliability.test_bad_input import assert_envelope, world  # noqa: F401 - fixture

EXAMPLES = int(os.environ.get("GRIDBASE_FUZZ_EXAMPLES", "300"))
TITLES = ["Title", "N", "When", "Tags", "Done", "Id", "CreatedAt", "Nope", "title", ""]
OPS = ["eq", "neq", "gt", "lt", "gte", "lte", "like", "nlike", "in", "btw", "nbtw", "blank",
       "notblank", "null", "notnull", "checked", "notchecked", "allof", "anyof", "isWithin",
       "is", "isnot", "bogus"]
SUBOPS = ["today", "tomorrow", "exactDate", "pastNumberOfDays", "oneWeekAgo", "nextMonth"]
VALUES = ["1", "-1.5", "1e308", "nan", "2025-09-30", "a,b", "(x)", "'", '"', "\\", "%", "_",
          "É", "\U0001f600", "", " ", "99999999999999999999", "true", "2025-13-45"]

piece = st.one_of(st.sampled_from(TITLES), st.sampled_from(OPS), st.sampled_from(SUBOPS),
                  st.sampled_from(VALUES), st.text(max_size=8))


@st.composite
def condition(draw: Any) -> str:
    parts = draw(st.lists(piece, min_size=1, max_size=5))
    text = ",".join(parts)
    return f"({text})" if draw(st.booleans()) else text


@st.composite
def where(draw: Any) -> str:
    items = draw(st.lists(condition(), min_size=1, max_size=4))
    joins = draw(st.lists(st.sampled_from(["~and", "~or", "~not", "~and~not", "", ","]),
                          min_size=len(items), max_size=len(items)))
    text = "".join(j + c for j, c in zip(joins, items))
    if draw(st.booleans()):
        text = "(" * draw(st.integers(0, 3)) + text + ")" * draw(st.integers(0, 3))
    return ("@" + text) if draw(st.integers(0, 9)) == 0 else text


names = st.lists(st.one_of(st.sampled_from(TITLES), st.text(max_size=6)), max_size=4)
sort = names.map(lambda ns: ",".join(("-" if i % 2 else "") + n for i, n in enumerate(ns)))
fields = names.map(",".join)
params = st.fixed_dictionaries({}, optional={"where": st.one_of(where(), st.text(max_size=30)),
                                             "sort": sort, "fields": fields})


@pytest.mark.slow
async def test_list_parameters_never_cause_a_server_error(world: Any) -> None:  # noqa: F811
    server, client, table_id, _ = world
    root = f"/api/v2/tables/{table_id}/records"
    seen: dict[int, int] = {}

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(query=params, count=st.booleans())
    def probe(query: dict[str, str], count: bool) -> None:
        path = f"{root}/count" if count else root
        status, body, raw = client.call("GET", f"{path}?{urlencode(query)}")
        seen[status] = seen.get(status, 0) + 1
        assert status < 500, (query, raw[:300])
        if status >= 400:
            assert_envelope(status, body, raw)
        else:
            assert isinstance(body, dict) and ("count" in body if count else "list" in body)

    probe()
    assert seen.get(200, 0) > EXAMPLES // 20 and sum(n for s, n in seen.items() if s >= 400) > 0
    assert "Traceback" not in server.log.read_text()
