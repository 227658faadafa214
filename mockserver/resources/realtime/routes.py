"""The URLs of the Realtime API: the WebSocket (``client.realtime.connect()``), the ephemeral
keys (``client.realtime.client_secrets``) and the calls (``client.realtime.calls``)."""

from __future__ import annotations

from starlette.routing import WebSocketRoute

from ...http.endpoint import api
from . import handlers as h
from .socket import realtime_socket

ROUTES = [
    WebSocketRoute("/v1/realtime", realtime_socket),
    api("/realtime/client_secrets", POST=h.create_client_secret),
    api("/realtime/calls", POST=h.create_call),
    *(
        api(f"/realtime/calls/{{call_id}}/{action}", POST=h.call_action)
        for action in ("accept", "hangup", "refer", "reject")
    ),
]
