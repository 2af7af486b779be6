"""NocoDB-shaped hook bodies: inline ``filters`` become the condition and ``parameters`` the
URL's query string, on create and on PATCH; what cannot be translated is a 422 naming it."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp import web

from core.errors import InvalidRequest
from core.hooks import Dispatcher
from core.hooks.nocodb import filters_condition, with_parameters
from core.records import service as records
from core.schema.spec import TableSpec
from tests import factories
from tests.api.conftest import Client, assert_error
from tests.hooks.conftest import FIELDS, Receiver, start_receiver


class QueryReceiver(Receiver):
    """Also records each request's path with its query string."""

    def __init__(self) -> None:
        super().__init__()
        self.paths: list[str] = []

    async def handle(self, request: web.Request) -> web.Response:
        self.paths.append(request.raw_path)
        return await super().handle(request)


@pytest.fixture
async def query_receiver() -> Any:
    r = QueryReceiver()
    runner = await start_receiver(r)
    try:
        yield r
    finally:
        await runner.cleanup()


def _f(table: TableSpec, title: str, op: str, value: Any = None, **extra: Any) -> dict[str, Any]:
    return {"fk_column_id": table.field(title).id, "comparison_op": op, "value": value, **extra}


FILTERS = [  # build(table) → where text
    (lambda t: [_f(t, "Status", "eq", "Done")], "(Status,eq,Done)"),
    (lambda t: [_f(t, "Qty", "gt", 2), _f(t, "Title", "like", "lamp", logical_op="or")],
     "(Qty,gt,2)~or(Title,like,lamp)"),
    (lambda t: [_f(t, "Qty", "gte", 1),
                {"is_group": True, "logical_op": "and", "children": [
                    _f(t, "Status", "eq", "Done"), _f(t, "Title", "is", "blank", logical_op="or")]}],
     "(Qty,gte,1)~and((Status,eq,Done)~or(Title,blank))"),
    (lambda t: [_f(t, "Title", "eq", "a, b")], "(Title,eq,a, b)"),
    (lambda t: [], ""),
]


@pytest.mark.parametrize("build, expected", FILTERS)
async def test_filters_condition(store: str, build: Any, expected: str) -> None:
    table = await factories.table(FIELDS)
    assert filters_condition(table, build(table)) == expected


BAD_FILTERS = [  # build(table) → place and message fragment
    (lambda t: [{"fk_column_id": "cl_nope", "comparison_op": "eq", "value": "x"}], "filters[0]", "cl_nope"),
    (lambda t: [_f(t, "Qty", "gt", 1), _f(t, "Qty", "explode", 1)], "filters[1]", "explode"),
    (lambda t: [{"is_group": True, "children": [_f(t, "Status", "gt", "Done")]}],
     "filters[0].children[0]", "Operator 'gt' is not supported"),
    (lambda t: [_f(t, "Qty", "eq", "many")], "filters[0]", "Invalid value"),
    (lambda t: [_f(t, "Qty", "eq", 1, logical_op="xor")], "filters[0]", "xor"),
    (lambda t: ["(Qty,eq,1)"], "filters[0]", "not a filter object"),
    (lambda t: [_f(t, "Qty", "eq", {"a": 1})], "filters[0]", "not text"),
    (lambda t: {"Qty": 1}, "filters", "must be a list"),
]


@pytest.mark.parametrize("build, place, fragment", BAD_FILTERS)
async def test_untranslatable_filters_name_their_place(store: str, build: Any, place: str,
                                                       fragment: str) -> None:
    table = await factories.table(FIELDS)
    with pytest.raises(InvalidRequest) as err:
        filters_condition(table, build(table))
    assert err.value.message.startswith(f"{place}: ") and fragment in err.value.message
    assert err.value.details == {"field": "filters", "item": place}


PARAMETERS = [  # url, parameters → url
    ("http://h/noco", [{"name": "q", "value": "1"}], "http://h/noco?q=1"),
    ("http://h/noco?keep=a%20b&x", [{"name": "q", "value": "a b&c=d/é"}],
     "http://h/noco?keep=a%20b&x&q=a%20b%26c%3Dd%2F%C3%A9"),
    ("http://h/noco?q=old&k=1", [{"name": "q", "value": "1"}, {"name": "q", "value": "2"}],
     "http://h/noco?k=1&q=1&q=2"),
    ("http://h/noco", [{"name": "off", "value": "1", "enabled": False}, {"name": "", "value": ""},
                       {"name": "n", "value": None}, {"name": "i", "value": 3}], "http://h/noco?n=&i=3"),
    ("http://h/noco#frag", [{"name": "q", "value": "1"}], "http://h/noco?q=1#frag"),
    ("http://h/noco", [], "http://h/noco"),
]


@pytest.mark.parametrize("url, parameters, expected", PARAMETERS)
def test_with_parameters(url: str, parameters: list[dict[str, Any]], expected: str) -> None:
    assert with_parameters(url, parameters) == expected
    assert with_parameters(expected, parameters) == expected  # saving twice adds nothing


@pytest.mark.parametrize("parameters, place", [
    ([{"value": "1"}], "parameters[0]"), ([{"name": "q", "value": [1]}], "parameters[0]"),
    (["q=1"], "parameters[0]"), ({"q": "1"}, "parameters"),
])
def test_untranslatable_parameters(parameters: Any, place: str) -> None:
    with pytest.raises(InvalidRequest) as err:
        with_parameters("http://h/noco", parameters)
    assert err.value.message.startswith(f"{place}: ") and err.value.details["field"] == "parameters"


def _nocodb_body(url: str, filters: list[dict[str, Any]], **payload: Any) -> dict[str, Any]:
    return {"title": "noco", "event": "after", "operation": ["insert"], "condition": True,
            "filters": filters, "active": True,
            "notification": {"type": "URL", "payload": {
                "method": "POST", "path": url, "parameters": [{"name": "q", "value": "1"}],
                "headers": [{"name": "X-Token", "value": "abc", "enabled": True}], **payload}}}


async def test_create_with_filters_and_parameters_sends_only_matching_rows(
        client: Client, store: str, query_receiver: QueryReceiver, dispatcher: Dispatcher) -> None:
    table = await factories.table(FIELDS)
    body = _nocodb_body(query_receiver.url, [_f(table, "Status", "eq", "Done")])
    created = await client.post(f"/api/v2/meta/tables/{table.id}/hooks", body)
    assert created.status == 200, created.text
    assert created.body["condition"] == "(Status,eq,Done)"
    assert created.body["url"] == query_receiver.url + "?q=1"
    await records.create_records(table, [{"Title": "a", "Status": "Todo"}])
    await records.create_records(table, [{"Title": "b", "Status": "Done"}, {"Title": "c"}])
    await dispatcher.run_until_idle()
    assert query_receiver.paths == ["/hook?q=1"]
    assert [r["Title"] for r in query_receiver.received[0].json["data"]["rows"]] == ["b"]
    assert query_receiver.received[0].headers["X-Token"] == "abc"


async def test_patch_translates_filters_and_parameters(client: Client, store: str) -> None:
    table = await factories.table(FIELDS)
    body = _nocodb_body("https://example.org/noco?k=v", [_f(table, "Qty", "gt", 1)])
    hook = (await client.post(f"/api/v2/meta/tables/{table.id}/hooks", body)).body
    assert (hook["condition"], hook["url"]) == ("(Qty,gt,1)", "https://example.org/noco?k=v&q=1")
    patch = {"filters": [_f(table, "Title", "eq", "x")],
             "notification": {"type": "URL", "payload": {"parameters": [{"name": "q", "value": "2"}]}}}
    patched = await client.patch(f"/api/v2/meta/hooks/{hook['id']}", patch)
    assert patched.status == 200, patched.text
    assert (patched.body["condition"], patched.body["url"]) == (
        "(Title,eq,x)", "https://example.org/noco?k=v&q=2")
    again = await client.patch(f"/api/v2/meta/hooks/{hook['id']}", {**body, "condition": True})
    assert again.body["url"] == "https://example.org/noco?k=v&q=1"
    off = await client.patch(f"/api/v2/meta/hooks/{hook['id']}", {"condition": False})
    assert off.body["condition"] == ""
    cleared = await client.patch(f"/api/v2/meta/hooks/{hook['id']}", {"condition": "(Qty,gt,1)"})
    assert (await client.patch(f"/api/v2/meta/hooks/{hook['id']}", {"filters": []})).body["condition"] == ""
    assert cleared.body["condition"] == "(Qty,gt,1)"


async def test_untranslatable_bodies_are_422_and_save_nothing(client: Client, store: str) -> None:
    table = await factories.table(FIELDS)
    path = f"/api/v2/meta/tables/{table.id}/hooks"
    bad_filter = _nocodb_body("https://example.org/noco", [_f(table, "Qty", "gt", 1),
                                                           {"fk_column_id": "cl_gone", "comparison_op": "eq"}])
    assert_error(await client.post(path, bad_filter), 422, "ERR_INVALID_REQUEST", "filters[1]", "cl_gone")
    bad_param = _nocodb_body("https://example.org/noco", [])
    bad_param["notification"]["payload"]["parameters"] = [{"name": "q", "value": {"deep": 1}}]
    assert_error(await client.post(path, bad_param), 422, "ERR_INVALID_REQUEST", "parameters[0]")
    both = {"title": "t", "url": "https://example.org/h", "condition": "(Qty,gt,1)",
            "filters": [_f(table, "Qty", "gt", 1)]}
    assert_error(await client.post(path, both), 422, None, "either condition")
    assert (await client.get(path)).body["list"] == []
    hook = (await client.post(path, _nocodb_body("https://example.org/noco", []))).body
    assert_error(await client.patch(f"/api/v2/meta/hooks/{hook['id']}", bad_filter), 422, None, "filters[1]")
    assert (await client.get(f"/api/v2/meta/hooks/{hook['id']}")).body["condition"] == ""
