"""A WebSocket session through the API layer, as an HTTP request goes through it: a request
id, the same key check, planned faults and a journal entry. What a refusal looks like: the
real API's envelope and headers on the upgrade's HTTP answer (the ASGI denial-response
extension, which uvicorn and Starlette's test client offer), or a closed handshake where the
server lacks it. A planned ``disconnect`` drops the session after N server messages with close
code 1011 (the code a server failure gives; the SDK reconnects on it); ``slow`` puts latency,
on the mock's clock, before every server message."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..state import MockState
from ..state.faults import Fault, parse_fault_header
from . import errors
from .auth import auth_error
from .faults import CUT_AFTER, LIMIT_REQUESTS, fault_error, paced, slow_pause
from .render import error_response

log = logging.getLogger("mockserver")

DENIAL_EXTENSION = "websocket.http.response"
SWITCHING_PROTOCOLS = 101
# ASGI: a close before the accept is answered 403 by the server.
CLOSED_HANDSHAKE = 403
DROPPED = 1011
CUT_REASON = "X-Mock-Fault: disconnect"
_SERVER_MESSAGES = ("websocket.send",)
# What the journal keeps of a session: its first messages, each whole up to this size.
JOURNAL_MESSAGES = 256
JOURNAL_MESSAGE_BYTES = 16 * 1024
_READ_HEADERS = frozenset((b"authorization", b"x-mock-fault", b"sec-websocket-protocol"))
# Browsers cannot set headers on a WebSocket: the real API takes the key as a subprotocol.
KEY_PROTOCOL = "openai-insecure-api-key."
_REMAINING = str(LIMIT_REQUESTS - 1).encode()
_REFUSALS = ("429", "500", "503")
# Paths whose sessions check the key themselves once upgraded, as the real Realtime API does
# (an ``error`` event, then close 3000): the key, as a bearer header, is in scope["state"].
KEY_CHECKED_IN_SESSION = frozenset(("/v1/realtime",))


class SessionCut(Exception):
    """Raised out of the app's ``send`` once a planned disconnect has closed the session."""


def _client_message(message: Message) -> Any:
    """A client message as the journal keeps it: its JSON, else its text or size; a large one
    (audio appended to a realtime buffer) as its type and size, so the journal holds no media."""
    raw = message.get("text")
    if raw is None:
        raw = message.get("bytes") or b""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        data = raw if isinstance(raw, str) else {"binary_bytes": len(raw)}
    if len(raw) > JOURNAL_MESSAGE_BYTES:
        kind = data.get("type") if isinstance(data, dict) else None
        return {"type": kind, "message_bytes": len(raw)}
    return data


def _authorization(headers: dict[bytes, bytes]) -> str | None:
    """The ``Authorization`` header, or a key offered as the subprotocol
    ``openai-insecure-api-key.KEY`` (as a bearer header)."""
    authorization = headers.get(b"authorization")
    if authorization is not None:
        return authorization.decode("latin-1")
    offered = headers.get(b"sec-websocket-protocol", b"").decode("latin-1")
    for protocol in offered.split(","):
        if protocol.strip().startswith(KEY_PROTOCOL):
            return "Bearer " + protocol.strip().removeprefix(KEY_PROTOCOL)
    return None


def _cut_after(send: Send, after: int) -> Send:
    sent = 0

    async def cut(message: Message) -> None:
        nonlocal sent
        if message["type"] == "websocket.send":
            if sent >= after:
                await send({"type": "websocket.close", "code": DROPPED, "reason": CUT_REASON})
                raise SessionCut()
            sent += 1
        await send(message)

    return cut


async def websocket_session(
    app: ASGIApp,
    mock: MockState,
    fixed_headers: tuple[tuple[bytes, bytes], ...],
    scope: Scope,
    receive: Receive,
    send: Send,
) -> None:
    request_id = mock.ids.new("req_")
    scope.setdefault("state", {})["request_id"] = request_id
    wanted = {name: value for name, value in scope["headers"] if name in _READ_HEADERS}
    added = ((b"x-request-id", request_id.encode()), *fixed_headers)
    status = 0
    received: list[Any] = []

    async def with_headers(message: Message) -> None:
        nonlocal status
        kind = message["type"]
        if kind == "websocket.http.response.start":
            status = message["status"]
            remaining = b"0" if status == 429 else _REMAINING
            headers = [*message.get("headers", []), *added]
            message["headers"] = [*headers, (b"x-ratelimit-remaining-requests", remaining)]
        elif kind == "websocket.accept":
            status = SWITCHING_PROTOCOLS
            message["headers"] = [*message.get("headers", []), *added]
        elif kind == "websocket.close" and status == 0:
            status = CLOSED_HANDSHAKE
        await send(message)

    async def recording() -> Message:
        message = await receive()
        if message["type"] == "websocket.receive" and len(received) < JOURNAL_MESSAGES:
            received.append(_client_message(message))
        return message

    async def refuse(error: errors.APIError) -> None:
        if DENIAL_EXTENSION in scope.get("extensions", {}):
            await error_response(error)(scope, receive, with_headers)
        else:  # a server without the extension can only close the handshake
            await with_headers({"type": "websocket.close", "code": 1008})

    try:
        authorization = _authorization(wanted)
        scope["state"]["authorization"] = authorization
        error = auth_error(authorization, mock.api_keys)
        if error is not None and scope["path"] not in KEY_CHECKED_IN_SESSION:
            await refuse(error)
            return
        header = wanted.get(b"x-mock-fault")
        try:
            fault = parse_fault_header(header.decode("latin-1")) if header else None
        except errors.APIError as bad_header:
            await refuse(bad_header)
            return
        if fault is None:
            fault = mock.faults.take("GET", scope["path"])
        if fault is not None and fault.kind in _REFUSALS:
            await refuse(fault_error(fault, mock.settings, request_id, b""))
            return
        await _run(app, mock, fault, scope, recording, with_headers)
    except SessionCut:
        pass
    except Exception:
        log.exception("unhandled error on websocket %s", scope["path"])
        if status == 0:
            await refuse(errors.server_error(request_id))
        elif status == SWITCHING_PROTOCOLS:
            # The session may have been closed already; then there is nothing left to close.
            with contextlib.suppress(Exception):
                await send({"type": "websocket.close", "code": DROPPED})
    finally:
        mock.journal.record(
            request_id=request_id,
            method="GET",
            path=scope["path"],
            query=scope.get("query_string", b""),
            body=orjson.dumps(received),
            content_type=b"application/json",
            status=status,
            streamed=True,
            websocket=True,
        )


async def _run(
    app: ASGIApp, mock: MockState, fault: Fault | None, scope: Scope, receive: Receive, send: Send
) -> None:
    """The session, under the fault that does not refuse it (if any)."""
    if fault is None:
        await app(scope, receive, send)
    elif fault.kind == "timeout":
        hold = fault.delay if fault.delay is not None else mock.settings.timeout_fault_seconds
        await asyncio.sleep(hold)
        await app(scope, receive, send)
    elif fault.kind == "disconnect":
        await app(
            scope, receive, _cut_after(send, CUT_AFTER if fault.after is None else fault.after)
        )
    else:  # slow
        await app(scope, receive, paced(send, _SERVER_MESSAGES, slow_pause(mock, fault)))
