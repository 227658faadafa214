"""How an armed fault answers: the real API's 429/500/503 bodies, or a connection cut midway.
(Which request gets a fault is the state's business: ``state/faults.py``.)"""

from __future__ import annotations

import httpx2
import orjson
from starlette.types import Message, Send

from ..settings import Settings
from ..state.faults import Fault
from . import errors

LIMIT_REQUESTS = 10_000
LIMIT_TOKENS = 30_000_000


def requested_model(body: bytes) -> str:
    """The ``model`` a JSON body names, for the rate-limit message (which names it)."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        data = None
    model = data.get("model") if isinstance(data, dict) else None
    return model if isinstance(model, str) else "the requested model"


def fault_error(fault: Fault, settings: Settings, request_id: str, body: bytes) -> errors.APIError:
    if fault.kind == "429":
        return errors.rate_limited(
            requested_model(body),
            limit=LIMIT_REQUESTS,
            retry_after=fault.retry_after,
            organization=settings.organization,
        )
    if fault.kind == "503":
        return errors.overloaded(request_id)
    return errors.server_error(request_id)


def cut_midway(send: Send) -> Send:
    """A ``send`` that passes the response start and part of the body, then drops the
    connection: over a socket the server closes it mid-body; in process, the transport raises
    the error an HTTP client raises for a peer that hung up."""
    body_messages = 0

    async def cut(message: Message) -> None:
        nonlocal body_messages
        if message["type"] != "http.response.body":
            await send(message)
            return
        body = message.get("body", b"")
        if message.get("more_body", False):
            body_messages += 1
            if body_messages <= 2:
                await send(message)
                return
        else:
            await send(
                {"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True}
            )
        raise httpx2.RemoteProtocolError("peer closed connection (X-Mock-Fault)")

    return cut
