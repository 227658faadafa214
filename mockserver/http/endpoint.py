"""A handler as an ASGI endpoint, and the route helper every resource's ``routes.py`` uses."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from .render import JSON_TYPE, dumps

Handler = Callable[[Request], Awaitable[Any]]


_JSON_CONTENT_TYPE = (b"content-type", JSON_TYPE.encode("latin-1"))


class Endpoint:
    """A handler as an ASGI app. Handlers return data, a ready JSON body as ``bytes`` (a
    handler that writes its body in one step), or a ready Response; data becomes the JSON body.
    Errors they raise reach the API layer (http/middleware.py), which answers them, so this
    needs none of ``request_response``'s per-request wrapping."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        functools.update_wrapper(self, handler)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        result = await self.handler(Request(scope, receive, send))
        if isinstance(result, Response):
            await result(scope, receive, send)
            return
        # Data or JSON bytes: sent as a Starlette ``Response`` of JSON_TYPE would send it, the
        # same headers in the same order, without building and initialising a Response.
        body = result if isinstance(result, bytes) else dumps(result)
        headers = [(b"content-length", str(len(body)).encode()), _JSON_CONTENT_TYPE]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class ByMethod:
    """One path's handlers, picked by the request's method (the route has checked it; HEAD is
    answered as GET, as Starlette's routes do)."""

    def __init__(self, handlers: dict[str, Endpoint]) -> None:
        self.handlers = handlers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope["method"]
        endpoint = self.handlers.get(method) or self.handlers["GET"]
        await endpoint(scope, receive, send)


def route(path: str, **handlers: Handler) -> Route:
    """One path and its handlers by method: ``route("/x", GET=read, POST=write)``."""
    endpoints = {method: Endpoint(handler) for method, handler in handlers.items()}
    only = next(iter(endpoints.values())) if len(endpoints) == 1 else None
    return Route(path, only or ByMethod(endpoints), methods=list(endpoints))


def api(path: str, **handlers: Handler) -> Route:
    """A route of the public API: ``path`` under ``/v1``."""
    return route("/v1" + path, **handlers)
