"""The URLs of the Realtime API: the WebSocket (``client.realtime.connect()``), the ephemeral
keys (``client.realtime.client_secrets``) and the calls (``client.realtime.calls``)."""

from __future__ import annotations

from starlette.routing import WebSocketRoute

from .socket import realtime_socket

ROUTES = [
    WebSocketRoute("/v1/realtime", realtime_socket),
]
