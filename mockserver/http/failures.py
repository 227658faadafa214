"""What an error raised while answering becomes: the API's envelope, rendered in one place.

An ``APIError`` is its own answer; Starlette's 404 and 405 (no route, or a route without the
method) are the real API's "Invalid URL"; any other exception is a bug in the mock, logged
once and answered with the real API's 500, never a traceback."""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection
from starlette.responses import Response
from starlette.types import Scope

from . import errors
from .render import error_response

log = logging.getLogger("mockserver")


def handled_error(scope: Scope, exc: Exception) -> errors.APIError | None:
    """The API error ``exc`` answers as, or None when it is not one the API answers."""
    if isinstance(exc, errors.APIError):
        return exc
    if isinstance(exc, HTTPException):
        if exc.status_code in (404, 405):
            # HTTPConnection's URL is the one the client asked for (under a root path too).
            path = HTTPConnection(scope).url.path
            return errors.invalid_url(scope.get("method", "GET"), path)
        return errors.APIError(exc.status_code, str(exc.detail))
    return None


def failure_response(scope: Scope, exc: Exception, request_id: str) -> Response:
    """The answer to ``exc``: its API error, else (logged) the real API's 500."""
    error = handled_error(scope, exc)
    if error is None:
        log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
        error = errors.server_error(request_id)
    return error_response(error)


async def socket_error(connection: HTTPConnection, exc: Exception) -> Response:
    """Starlette's exception handler for WebSocket routes (an upgrade refused before it is
    accepted is answered through the denial-response extension)."""
    error = handled_error(connection.scope, exc)
    assert error is not None  # registered for APIError and HTTPException only
    return error_response(error)
