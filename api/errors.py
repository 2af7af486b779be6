"""One error envelope for every failure: ``{"error": "ERR_…", "message": …, "msg": …}``.

``message`` is the current NocoDB key, ``msg`` the legacy one, so old and new clients both read
it. Core errors carry their own code and status; Sanic's own errors (404 route, 405, 413) are
mapped here; anything unexpected becomes a 500 without a traceback in the body.
"""

from __future__ import annotations

import logging
from typing import Any

from sanic import Request
from sanic.exceptions import SanicException
from sanic.handlers import ErrorHandler
from sanic.response import HTTPResponse, json

from core.errors import GridbaseError

log = logging.getLogger("gridbase.api")

_SANIC_CODES = {
    400: "ERR_BAD_REQUEST",
    401: "ERR_AUTHENTICATION_REQUIRED",
    403: "ERR_FORBIDDEN",
    404: "ERR_NOT_FOUND",
    405: "ERR_METHOD_NOT_ALLOWED",
    408: "ERR_REQUEST_TIMEOUT",
    413: "ERR_PAYLOAD_TOO_LARGE",
    503: "ERR_SERVICE_UNAVAILABLE",
}


class InvalidJson(GridbaseError):
    code = "ERR_INVALID_JSON"
    status = 400


class TooManyRecords(GridbaseError):
    code = "ERR_MAX_INSERT_LIMIT_EXCEEDED"
    status = 422


def envelope(code: str, message: str, status: int, details: dict[str, Any] | None = None) -> HTTPResponse:
    body: dict[str, Any] = {"error": code, "message": message, "msg": message}
    if details:
        body["details"] = details
    return json(body, status=status)


class GridbaseErrorHandler(ErrorHandler):
    def default(self, request: Request, exception: Exception) -> HTTPResponse:
        if isinstance(exception, GridbaseError):
            return envelope(exception.code, exception.message, exception.status,
                            exception.details or None)
        if isinstance(exception, SanicException):
            status = getattr(exception, "status_code", 500) or 500
            message = str(exception) or _SANIC_CODES.get(status, "Error")
            if status == 404 and request is not None:
                message = f"Cannot {request.method} {request.path}"
            return envelope(_SANIC_CODES.get(status, "ERR_BAD_REQUEST"), message, status)
        log.exception("unexpected error on %s %s", getattr(request, "method", "?"),
                      getattr(request, "path", "?"), exc_info=exception)
        return envelope("ERR_INTERNAL_SERVER", "Internal server error", 500)
