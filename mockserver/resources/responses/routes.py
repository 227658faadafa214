"""The URLs of the Responses API (``client.responses``, ``client.responses.input_items`` and
``client.responses.connect()``'s WebSocket)."""

from __future__ import annotations

from starlette.routing import WebSocketRoute

from ...http.endpoint import api
from . import handlers as h
from .socket import responses_socket

ROUTES = [
    api("/responses", POST=h.create_response),
    api("/responses/input_tokens", POST=h.count_input_tokens),
    api("/responses/compact", POST=h.compact_response),
    api("/responses/{response_id}", GET=h.retrieve_response, DELETE=h.delete_response),
    api("/responses/{response_id}/cancel", POST=h.cancel_response),
    api("/responses/{response_id}/input_items", GET=h.list_input_items),
    # ``client.responses.connect()``: the same URL, upgraded to a WebSocket.
    WebSocketRoute("/v1/responses", responses_socket),
]
