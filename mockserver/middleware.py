"""The API middleware: one pure ASGI layer (so it wraps streamed responses too) that gives
every ``/v1`` request what the real API gives it, in this order: a request id, the body-size
limit, authentication, fault injection, an answer from the replays when the request repeats
a pure one; then the real headers on the response, and a journal entry for
``/__mock__/requests``. One layer rather than five: each frame of a stream and each
request passes through a single wrapper."""

from __future__ import annotations

import asyncio
import time
from collections.abc import MutableMapping
from typing import Any

import httpx2
import orjson
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .faults import Fault, parse_fault_header
from .http import errors
from .replays import send_json
from .responses import error_response
from .settings import Settings
from .state import MockState

CONTROL_PREFIX = "/__mock__"
OPENAI_VERSION = b"2020-10-01"
LIMIT_REQUESTS = 10_000
LIMIT_TOKENS = 30_000_000
_FIXED_HEADERS = (
    (b"openai-version", OPENAI_VERSION),
    (b"x-ratelimit-limit-requests", str(LIMIT_REQUESTS).encode()),
    (b"x-ratelimit-limit-tokens", str(LIMIT_TOKENS).encode()),
    (b"x-ratelimit-remaining-requests", str(LIMIT_REQUESTS - 1).encode()),
    (b"x-ratelimit-reset-requests", b"6ms"),
    (b"x-ratelimit-reset-tokens", b"0s"),
)
_EVENT_STREAM = b"text/event-stream"
_READ_HEADERS = frozenset((b"authorization", b"content-length", b"content-type", b"x-mock-fault"))


def scope_state(scope: Scope) -> MutableMapping[str, Any]:
    state: MutableMapping[str, Any] = scope.setdefault("state", {})
    return state


def is_api_request(scope: Scope) -> bool:
    return (
        scope["type"] == "http"
        and scope["method"] != "OPTIONS"  # CORS preflights are answered before this layer
        and not str(scope["path"]).startswith(CONTROL_PREFIX)
    )


def bearer_key(value: str | None) -> str | None:
    """The key from ``Authorization: Bearer KEY``; '' when the header is there but malformed.

    Whatever follows the scheme is the key, spaces included: the seed's Faiss example sends a
    placeholder key with a space in it, and the mock accepts any non-empty key by default."""
    if value is None:
        return None
    scheme, _, key = value.strip().partition(" ")
    if scheme.lower() != "bearer":
        return ""
    return key.strip()


def auth_error(authorization: str | None, settings: Settings) -> errors.APIError | None:
    """The real API's 401s (from the ``Authorization`` header): no key, or one it does not know."""
    key = bearer_key(authorization)
    if key is None:
        return errors.missing_api_key()
    if not key or (settings.api_keys and key not in settings.api_keys):
        return errors.incorrect_api_key(key)
    return None


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


class BodyTooLarge(Exception):
    """A body without a Content-Length grew past the limit while it was read."""


async def buffer_body(receive: Receive, limit: int) -> tuple[bytes, Receive]:
    """Read the request body up front so the journal has it even when a handler never reads it;
    the app then receives the same messages again. Past ``limit`` it raises ``BodyTooLarge``."""
    chunks: list[bytes] = []
    messages: list[Message] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if size > limit:
            raise BodyTooLarge()
        if not message.get("more_body", False):
            break

    async def replay() -> Message:
        return messages.pop(0) if messages else await receive()

    return chunks[0] if len(chunks) == 1 else b"".join(chunks), replay


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


class APIMiddleware:
    def __init__(self, app: ASGIApp, mock: MockState) -> None:
        self.app = app
        self.mock = mock
        organization = (b"openai-organization", mock.settings.organization.encode())
        self.fixed_headers = (organization, *_FIXED_HEADERS)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not is_api_request(scope):
            await self.app(scope, receive, send)
            return
        mock, settings = self.mock, self.mock.settings
        started = time.perf_counter()
        request_id = mock.ids.new("req_")
        state = scope_state(scope)
        state["request_id"] = request_id
        # One pass over the raw headers (ASGI gives their names in lower case).
        wanted = {name: value for name, value in scope["headers"] if name in _READ_HEADERS}
        length = wanted.get(b"content-length", b"").decode("latin-1")
        status, streamed = [0], [False]
        body = b""
        added = (
            (b"x-request-id", request_id.encode()),
            *self.fixed_headers,
            (
                b"x-ratelimit-remaining-tokens",
                str(LIMIT_TOKENS - max(1, int(length or 0) // 4)).encode(),
            ),
        )

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = message.get("headers", [])
                status[0] = message["status"]
                for name, value in raw:
                    if name == b"content-type":
                        streamed[0] = value.startswith(_EVENT_STREAM)
                elapsed = str(int((time.perf_counter() - started) * 1000)).encode()
                message["headers"] = [*raw, *added, (b"openai-processing-ms", elapsed)]
            await send(message)

        try:
            if length.isdigit() and int(length) > settings.max_body_bytes:
                raise BodyTooLarge()
            body, receive_again = await buffer_body(receive, settings.max_body_bytes)
            state["body"] = body
            authorization = wanted.get(b"authorization")
            error = auth_error(
                None if authorization is None else authorization.decode("latin-1"), settings
            )
            if error is not None:
                await error_response(error)(scope, receive_again, send_with_headers)
                return
            header = wanted.get(b"x-mock-fault")
            fault = parse_fault_header(header.decode("latin-1")) if header else None
            if fault is None:
                fault = mock.faults.take(scope["method"], scope["path"])
            if fault is None:
                # A byte-identical repeat of a pure request (replays.py), while no rule is set.
                again = (
                    mock.replays.find(scope["method"], scope["path"], body)
                    if mock.rules.empty
                    else None
                )
                if again is None:
                    await self.app(scope, receive_again, send_with_headers)
                else:
                    answer = again.render(mock.ids.new(again.prefix), mock.now())
                    await send_json(send_with_headers, answer)
            elif fault.kind == "timeout":
                hold = fault.delay if fault.delay is not None else settings.timeout_fault_seconds
                await asyncio.sleep(hold)
                await self.app(scope, receive_again, send_with_headers)
            elif fault.kind == "disconnect":
                await self.app(scope, receive_again, cut_midway(send_with_headers))
            else:
                error = fault_error(fault, settings, request_id, body)
                await error_response(error)(scope, receive_again, send_with_headers)
        except BodyTooLarge:
            too_large = errors.body_too_large(settings.max_body_bytes)
            await error_response(too_large)(scope, receive, send_with_headers)
        finally:
            mock.journal.record(
                request_id=request_id,
                method=scope["method"],
                path=scope["path"],
                query=scope.get("query_string", b""),
                body=body,
                content_type=wanted.get(b"content-type", b""),
                status=status[0],
                streamed=streamed[0],
            )


class CORS(CORSMiddleware):
    """Starlette's CORS handling, for requests that carry an ``Origin``. A request without one
    (the SDK, curl) is not a cross-origin request: it passes straight through, sparing every
    response a rewrite of its headers."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not any(name == b"origin" for name, _ in scope["headers"]):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)
