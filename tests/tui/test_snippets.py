"""Snippet builders: unit checks of quoting and encoding, then each snippet run for real
(curl, the venv's Python, node) against a real ``gridbase serve``, giving the same JSON as
the explorer's own ``send``."""

from __future__ import annotations

import ast
import json
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest

from tests.integration.conftest import Server
from tests.tui.test_api_explorer import ApiBase, make_api_base, serving
from tui.explorer.request import ApiRequest, send
from tui.explorer.snippets import (LANGUAGES, curl_snippet, javascript_snippet, masked,
                                   python_snippet, shown_snippet, snippet)

TRICKY = "it's \"quoted\" & 50% ü $HOME `x`"
SERVER = "http://127.0.0.1:8080"
PATH = "/api/v2/tables/m1/records"


def shell_words(code: str) -> list[str]:
    return shlex.split(code.replace("\\\n", " "))


def request_call(code: str) -> ast.Call:
    tree = ast.parse(code)
    return next(n for n in ast.walk(tree) if isinstance(n, ast.Call)
                and isinstance(n.func, ast.Attribute) and n.func.attr == "request")


def keywords(call: ast.Call) -> dict[str, Any]:
    return {k.arg: ast.literal_eval(k.value) for k in call.keywords}


class TestUrl:
    @pytest.mark.parametrize(("where", "encoded"), [
        ("(Name,eq,Task 1)", "where=(Name,eq,Task%201)"),
        ("(Name,eq,a&b=c)", "where=(Name,eq,a%26b%3Dc)"),
        ("(Name,eq,50%)~or(Qty,gt,5)", "where=(Name,eq,50%25)~or(Qty,gt,5)"),
        ("(Name,eq,ü#?)", "where=(Name,eq,%C3%BC%23%3F)"),
    ])
    def test_where_is_url_encoded_but_readable(self, where: str, encoded: str) -> None:
        request = ApiRequest("GET", SERVER, PATH, (("where", where), ("limit", "5")))
        assert request.url == f"{SERVER}{PATH}?{encoded}&limit=5"


class TestCurl:
    def test_get_quotes_url_and_token_for_the_shell(self) -> None:
        where = (("where", f"(Name,eq,{TRICKY})"),)
        request = ApiRequest("GET", SERVER, PATH, where, None, "gb_x'y")
        words = shell_words(curl_snippet(request))
        assert words == ["curl", "-sS", request.url, "-H", "xc-token: gb_x'y"]

    def test_body_survives_shell_quoting(self) -> None:
        body = json.dumps({"Name": TRICKY, "Qty": 3, "Done": None})
        words = shell_words(curl_snippet(ApiRequest("POST", SERVER, PATH, (), body, "t")))
        assert words[:4] == ["curl", "-sS", "-X", "POST"]
        assert "Content-Type: application/json" in words
        assert json.loads(words[words.index("--data-raw") + 1]) == json.loads(body)

    def test_no_token_no_header(self) -> None:
        assert "-H" not in shell_words(curl_snippet(ApiRequest("GET", SERVER, PATH)))


class TestPython:
    def test_params_headers_and_json_are_python_literals(self) -> None:
        body = json.dumps([{"Name": TRICKY, "Done": True, "Due": None}])
        where = (("where", f"(Name,eq,{TRICKY})"),)
        request = ApiRequest("PATCH", SERVER, PATH, where, body, "tok")
        call = request_call(python_snippet(request))
        assert [ast.literal_eval(a) for a in call.args] == ["PATCH", SERVER + PATH]
        assert keywords(call) == {"params": {"where": f"(Name,eq,{TRICKY})"},
                                  "headers": {"xc-token": "tok"}, "json": json.loads(body)}

    def test_get_without_query_or_token_has_no_extra_arguments(self) -> None:
        assert keywords(request_call(python_snippet(ApiRequest("GET", SERVER, PATH)))) == {}


class TestJavaScript:
    def test_url_headers_and_body_are_js_literals(self) -> None:
        body = json.dumps({"Name": TRICKY})
        request = ApiRequest("POST", SERVER, PATH, (("where", "(a,eq,b c)"),), body, "tok")
        code = javascript_snippet(request)
        assert f"fetch({json.dumps(request.url)}, {{" in code
        assert '"xc-token": "tok"' in code and '"Content-Type": "application/json"' in code
        body_line = next(line for line in code.splitlines() if "body:" in line)
        literal = body_line.split("JSON.stringify(", 1)[1].rsplit("),", 1)[0]
        assert json.loads(literal) == {"Name": TRICKY}

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_the_shown_snippet_masks_the_token_and_nothing_else(self, language: str) -> None:
        token = "gb_" + "s3cr3t" * 7
        request = ApiRequest("GET", SERVER, PATH, (("where", "(Name,eq,x)"),), None, token)
        shown = shown_snippet(language, request)
        assert token not in shown and masked(token) in shown
        assert shown.replace(masked(token), token) == snippet(language, request)
        assert masked("short") == "…"  # too short to show any of it

    def test_every_language_has_a_builder(self) -> None:
        request = ApiRequest("DELETE", SERVER, PATH, (), '{"Id": 1}', "t")
        assert all(snippet(language, request) for language in LANGUAGES)


# --- run for real ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def api_base(tmp_path_factory: pytest.TempPathFactory) -> ApiBase:
    return make_api_base(tmp_path_factory)


@pytest.fixture(scope="module")
def api_server(api_base: ApiBase, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with serving(api_base, tmp_path_factory) as server:
        yield server


async def explorer_json(request: ApiRequest) -> Any:
    async with aiohttp.ClientSession() as session:
        response = await send(session, request)
    assert response.status == 200, response.text
    return response.data


def run_curl(request: ApiRequest) -> Any:
    out = subprocess.run(["bash", "-c", curl_snippet(request)], capture_output=True, text=True,
                         timeout=30, check=True).stdout
    return json.loads(out)


def run_python(request: ApiRequest) -> Any:
    out = subprocess.run([sys.executable, "-c", python_snippet(request)], capture_output=True,
                         text=True, timeout=30, check=True).stdout
    status, _, body = out.partition("\n")
    assert status == "200"
    return json.loads(body)


def run_node(request: ApiRequest) -> Any:
    out = subprocess.run(["node", "--input-type=module", "-e", javascript_snippet(request)],
                         capture_output=True, text=True, timeout=30, check=True).stdout
    status, _, body = out.partition("\n")
    assert status == "200"
    return json.loads(body)


RUNNERS = [pytest.param(run_curl, id="curl", marks=pytest.mark.skipif(
               not shutil.which("curl"), reason="no curl")),
           pytest.param(run_python, id="python"),
           pytest.param(run_node, id="javascript", marks=pytest.mark.skipif(
               not shutil.which("node"), reason="no node"))]


@pytest.mark.parametrize("run", RUNNERS)
async def test_snippet_returns_what_the_explorer_got(run, api_base: ApiBase,
                                                     api_server: Server) -> None:
    request = ApiRequest("GET", api_server.url, f"/api/v2/tables/{api_base.tasks_id}/records",
                         (("where", "(Name,eq,Task 1)~or(Name,eq,Task 2)"), ("sort", "-Qty"),
                          ("fields", "Name,Qty")), None, api_base.token)
    expected = await explorer_json(request)
    assert [r["Name"] for r in expected["list"]] == ["Task 2", "Task 1"]
    assert run(request) == expected


@pytest.mark.parametrize("run", RUNNERS)
async def test_snippet_writes_a_tricky_body(run, api_base: ApiBase, api_server: Server) -> None:
    """A POST whose body needs escaping in every language creates exactly that record."""
    root = f"/api/v2/tables/{api_base.notes_id}/records"
    text = f"{run.__name__}: {TRICKY}"
    created = run(ApiRequest("POST", api_server.url, root, (), json.dumps({"Text": text}),
                             api_base.token))
    back = await explorer_json(ApiRequest("GET", api_server.url, f"{root}/{created['Id']}",
                                          (), None, api_base.token))
    assert back["Text"] == text
