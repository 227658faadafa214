"""WebSocket upgrades on a path the mock does not serve: the real API's ``Invalid URL`` 404 in
its envelope (through the ASGI denial-response extension, which uvicorn offers), rather than
the bare 403 a router gives. Resources that serve WebSockets (realtime) add routes before it."""

from __future__ import annotations

from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket

from . import errors
from .render import error_response


async def _refuse(websocket: WebSocket) -> None:
    answer = error_response(errors.invalid_url("GET", websocket.url.path))
    if "websocket.http.response" in websocket.scope.get("extensions", {}):
        await websocket.send_denial_response(answer)
    else:  # a server without the extension can only close the handshake
        await websocket.close(code=1008)


UNSERVED = WebSocketRoute("/{path:path}", _refuse)
