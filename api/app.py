"""The app factory: ``create_app(settings)`` wires blueprints, auth, errors and the store.

Tortoise opens in each worker's ``before_server_start`` (its state is per task context, and each
worker is a process) and closes in ``after_server_stop``. Metadata migrations run there too —
they are idempotent and serialised by the database.
"""

from __future__ import annotations

import itertools
import logging
import time

from sanic import Request, Sanic
from sanic.response import HTTPResponse
from sanic_ext import Extend

from api import auth
from api.body import reject_impossible_ids, reject_nul
from api.errors import GridbaseErrorHandler
from api.routes import bases, data, health, hooks, swagger, tables, tokens, views
from api.settings import ApiSettings
from core import __version__
from core.db import close_store, open_store
from core.hooks import start_dispatcher

access_log = logging.getLogger("gridbase.access")
_names = itertools.count()


def create_app(settings: ApiSettings | None = None, name: str | None = None) -> Sanic:
    settings = settings or ApiSettings()
    app = Sanic(name or f"gridbase_{next(_names)}", error_handler=GridbaseErrorHandler(),
                configure_logging=False)
    app.config.update(REQUEST_MAX_SIZE=settings.body_limit, MOTD=False, ACCESS_LOG=False,
                      FALLBACK_ERROR_FORMAT="json", **swagger.SANIC_EXT_CONFIG)
    app.ctx.settings = settings
    Extend(app)
    app.ext.openapi.describe("gridbase meta API", version=__version__,
                             description="Bases, tables, fields, views and API tokens. "
                                         "Per-base data APIs: /api/v2/meta/bases/{baseId}/swagger")
    for module in (health, bases, tables, views, tokens, data, swagger, hooks):
        app.blueprint(module.bp)
    app.on_request(reject_nul)
    app.on_request(auth.check_request)
    app.on_request(reject_impossible_ids)
    _lifecycle(app, settings)
    if settings.access_log:
        _access_log(app)
    return app


def _lifecycle(app: Sanic, settings: ApiSettings) -> None:
    if not settings.manage_store:
        return

    @app.before_server_start
    async def _open(app: Sanic) -> None:
        await open_store(settings.db_url)

    @app.after_server_stop
    async def _close(app: Sanic) -> None:
        await close_store()

    if settings.run_dispatcher:
        _webhook_dispatcher(app)


def _webhook_dispatcher(app: Sanic) -> None:
    """Deliver webhooks from this worker (core.hooks); stopped before the store closes."""

    @app.after_server_start
    async def _start_hooks(app: Sanic) -> None:
        app.ctx.dispatcher = await start_dispatcher()

    @app.before_server_stop
    async def _stop_hooks(app: Sanic) -> None:
        dispatcher = getattr(app.ctx, "dispatcher", None)
        if dispatcher is not None:
            await dispatcher.stop()


def _access_log(app: Sanic) -> None:
    @app.on_request(priority=100)
    async def _start(request: Request) -> None:
        request.ctx.started = time.perf_counter()

    @app.on_response
    async def _log(request: Request, response: HTTPResponse) -> None:
        started = getattr(request.ctx, "started", None)
        ms = (time.perf_counter() - started) * 1000 if started else 0.0
        access_log.info("%s %s %s %d %.1fms", request.ip, request.method, request.path,
                        response.status, ms)
