"""How an armed fault answers: the real API's 429/500/503 bodies, a connection cut midway, or
a slow stream. (Which request gets a fault is the state's business: ``state/faults.py``.)"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import orjson
from starlette.types import Message, Send

from ..settings import Settings
from ..state import MockState
from ..state.faults import Fault
from . import errors

LIMIT_REQUESTS = 10_000
LIMIT_TOKENS = 30_000_000
# Body messages a ``disconnect`` lets through over HTTP when it names no count.
CUT_AFTER = 2
# Seconds per message of a ``slow`` fault that names none.
SLOW_DELAY = 0.5


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


def cut_midway(send: Send, after: int | None = None) -> Send:
    """A ``send`` that passes the response start and part of the body (``after`` body
    messages), then drops the connection: over a socket the server closes it mid-body; in
    process, the transport raises the error an HTTP client raises for a peer that hung up."""
    body_messages = 0
    passing = CUT_AFTER if after is None else after

    async def cut(message: Message) -> None:
        nonlocal body_messages
        if message["type"] != "http.response.body":
            await send(message)
            return
        body = message.get("body", b"")
        if message.get("more_body", False):
            body_messages += 1
            if body_messages <= passing:
                await send(message)
                return
        else:
            await send(
                {"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True}
            )
        # Imported here: httpx2 (with ssl, email and http.client) is a tenth of the server's
        # import time, and only a disconnect fault needs its error.
        import httpx2

        raise httpx2.RemoteProtocolError("peer closed connection (X-Mock-Fault)")

    return cut


def paced(send: Send, kinds: tuple[str, ...], pause: Callable[[], Awaitable[None]]) -> Send:
    """A ``send`` that waits ``pause()`` before each message of the given ``kinds`` (a
    stream's body messages, a socket's server messages): the ``slow`` fault."""

    async def slow(message: Message) -> None:
        if message["type"] in kinds:
            await pause()
        await send(message)

    return slow


def slow_pause(mock: MockState, fault: Fault) -> Callable[[], Awaitable[None]]:
    """The wait a ``slow`` fault puts before each message, on the mock's clock."""
    delay = SLOW_DELAY if fault.delay is None else fault.delay

    async def pause() -> None:
        await mock.clock.pause(delay)

    return pause
