"""Blueprints, one per resource, and the helper that registers NocoDB's v2 paths with their v1
aliases (which ``nocodb-sdk`` calls) on the same handler, keeping the aliases out of /docs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from functools import update_wrapper
from typing import Any

from sanic import Blueprint
from sanic_ext import openapi

Handler = Callable[..., Awaitable[Any]]


def _alias(handler: Handler) -> Handler:
    async def alias(*args: Any, **kwargs: Any) -> Any:
        return await handler(*args, **kwargs)

    update_wrapper(alias, handler, assigned=("__module__", "__name__", "__qualname__", "__doc__"))
    alias.__dict__.pop("__wrapped__", None)
    return openapi.exclude()(alias)


def add_routes(bp: Blueprint, handler: Handler, paths: Sequence[str], methods: list[str],
               name: str, **kwargs: Any) -> None:
    """Register ``paths[0]`` (documented) and the rest as undocumented aliases."""
    for i, path in enumerate(paths):
        bp.add_route(handler if i == 0 else _alias(handler), path, methods=methods,
                     name=name if i == 0 else f"{name}_alias{i}", **kwargs)
