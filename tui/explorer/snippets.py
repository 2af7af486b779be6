"""The same request as code to copy: curl, Python (aiohttp) and JavaScript ``fetch``.

Pure functions of an ``ApiRequest``. Shell words are single-quoted with ``shlex.quote``;
Python and JavaScript literals come from ``repr`` and ``json.dumps`` (both escape quotes,
backslashes and newlines), so any where value or body survives the trip.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from pprint import pformat
from typing import Any

from tui.explorer.request import ApiRequest

LANGUAGES = ("curl", "Python", "JavaScript")
LEXERS = {"curl": "bash", "Python": "python", "JavaScript": "javascript"}


def curl_snippet(request: ApiRequest) -> str:
    words = ["curl", "-sS"]
    if request.method != "GET":
        words += ["-X", request.method]
    lines = [" ".join(words) + " " + shlex.quote(request.url)]
    lines += [f"-H {shlex.quote(f'{k}: {v}')}" for k, v in request.headers.items()]
    if request.body is not None:
        lines.append(f"--data-raw {shlex.quote(_compact(request))}")
    return " \\\n  ".join(lines)


def python_snippet(request: ApiRequest) -> str:
    args = [repr(request.method), repr(request.server.rstrip("/") + request.path)]
    if request.query:
        args.append(f"params={_literal(dict(request.query))}")
    if request.token:
        args.append(f"headers={_literal({'xc-token': request.token})}")
    if request.body is not None:
        args.append(f"json={_literal(request.json_body())}")
    call = ",\n            ".join(args)
    return f"""import asyncio
import json

import aiohttp


async def main() -> None:
    async with aiohttp.ClientSession() as session:
        async with session.request(
            {call},
        ) as resp:
            print(resp.status)
            print(json.dumps(await resp.json(), indent=2))


asyncio.run(main())
"""


def javascript_snippet(request: ApiRequest) -> str:
    options = [f"  method: {json.dumps(request.method)},"]
    if request.headers:
        options.append(f"  headers: {json.dumps(request.headers, ensure_ascii=False)},")
    if request.body is not None:
        options.append(f"  body: JSON.stringify({_compact(request)}),")
    return (f"const response = await fetch({json.dumps(request.url)}, {{\n"
            + "\n".join(options) + "\n});\n"
            "console.log(response.status);\n"
            "console.log(JSON.stringify(await response.json(), null, 2));\n")


BUILDERS: dict[str, Callable[[ApiRequest], str]] = {
    "curl": curl_snippet, "Python": python_snippet, "JavaScript": javascript_snippet}


def snippet(language: str, request: ApiRequest) -> str:
    return BUILDERS[language](request)


def masked(token: str) -> str:
    """A token as the screen may show it: its start and its last four characters."""
    return f"{token[:3]}…{token[-4:]}" if len(token) >= 16 else "…"


def shown_snippet(language: str, request: ApiRequest) -> str:
    """The snippet for the screen: the same code with the token masked (copy gives it all)."""
    code = snippet(language, request)
    return code.replace(request.token, masked(request.token)) if request.token else code


def _compact(request: ApiRequest) -> str:
    return json.dumps(request.json_body(), ensure_ascii=False, separators=(",", ":"))


def _literal(value: Any) -> str:
    """A Python literal for a JSON value, indented to sit inside the call."""
    return pformat(value, width=72, sort_dicts=False).replace("\n", "\n            ")
