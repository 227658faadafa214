"""Pure ASGI middleware (so it wraps streamed responses too): journal, real-API headers,
authentication, fault injection and the body-size limit."""

from __future__ import annotations

import asyncio
import time
from collections.abc import MutableMapping
from typing import Any

import httpx2
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import errors
from .faults import Fault, parse_fault_header
from .responses import error_response
from .state import MockState

CONTROL_PREFIX = "/__mock__"
OPENAI_VERSION = "2020-10-01"
LIMIT_REQUESTS = 10_000
LIMIT_TOKENS = 30_000_000
OPENAI_VERSION_B = OPENAI_VERSION.encode()
RATE_LIMIT_HEADERS = (
    (b"x-ratelimit-limit-requests", str(LIMIT_REQUESTS).encode()),
    (b"x-ratelimit-limit-tokens", str(LIMIT_TOKENS).encode()),
    (b"x-ratelimit-remaining-requests", str(LIMIT_REQUESTS - 1).encode()),
)


def _scope_state(scope: Scope) -> MutableMapping[str, Any]:
    state: MutableMapping[str, Any] = scope.setdefault("state", {})
    return state


def is_api_path(scope: Scope) -> bool:
    return scope["type"] == "http" and not str(scope["path"]).startswith(CONTROL_PREFIX)


class JournalMiddleware:
    """Records each API request (method, path, body, status) for ``/__mock__/requests``."""

    def __init__(self, app: ASGIApp, mock: MockState) -> None:
        self.app = app
        self.mock = mock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not is_api_path(scope) or scope["method"] == "OPTIONS":
            await self.app(scope, receive, send)
            return
        seen = {"status": 0, "stream": False}
        chunks, receive = await _buffer_body(receive, self.mock.settings.max_body_bytes)

        async def send_and_watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
                content_type = Headers(raw=message.get("headers", [])).get("content-type", "")
                seen["stream"] = content_type.startswith("text/event-stream")
            await send(message)

        try:
            await self.app(scope, receive, send_and_watch)
        finally:
            headers = Headers(scope=scope)
            self.mock.journal.record(
                request_id=str(_scope_state(scope).get("request_id", "")),
                method=scope["method"],
                path=scope["path"],
                query=scope.get("query_string", b"").decode("latin-1"),
                body=b"".join(chunks),
                content_type=headers.get("content-type", ""),
                status=int(seen["status"]),
                streamed=bool(seen["stream"]),
            )


async def _buffer_body(receive: Receive, limit: int) -> tuple[list[bytes], Receive]:
    """Read the request body up front (up to ``limit`` bytes) so the journal has it even when
    a handler never reads it; the app then receives the same messages again."""
    chunks: list[bytes] = []
    messages: list[Message] = []
    size = 0
    while size <= limit:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if not message.get("more_body", False):
            break

    async def replay() -> Message:
        if messages:
            return messages.pop(0)
        return await receive()

    return chunks, replay


class HeadersMiddleware:
    """Adds the headers the real API sends on every response."""

    def __init__(self, app: ASGIApp, mock: MockState) -> None:
        self.app = app
        self.mock = mock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not is_api_path(scope):
            await self.app(scope, receive, send)
            return
        request_id = self.mock.ids.new("req_")
        _scope_state(scope)["request_id"] = request_id
        started = time.perf_counter()
        organization = self.mock.settings.organization.encode()
        length = int(Headers(scope=scope).get("content-length", "0") or 0)
        tokens_used = max(1, length // 4)  # the API's estimate: about 4 bytes a token

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                elapsed_ms = int((time.perf_counter() - started) * 1000)
                message["headers"] = [
                    *message.get("headers", ()),
                    (b"x-request-id", request_id.encode()),
                    (b"openai-version", OPENAI_VERSION_B),
                    (b"openai-organization", organization),
                    (b"openai-processing-ms", str(elapsed_ms).encode()),
                    *RATE_LIMIT_HEADERS,
                    (b"x-ratelimit-remaining-tokens", str(LIMIT_TOKENS - tokens_used).encode()),
                    (b"x-ratelimit-reset-requests", b"6ms"),
                    (b"x-ratelimit-reset-tokens", b"0s"),
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def bearer_key(scope: Scope) -> str | None:
    """The key from ``Authorization: Bearer KEY``; '' when the header is there but malformed.

    Whatever follows the scheme is the key, spaces included: the seed's Faiss example sends a
    placeholder key with a space in it, and the mock accepts any non-empty key by default."""
    value = Headers(scope=scope).get("authorization")
    if value is None:
        return None
    scheme, _, key = value.strip().partition(" ")
    if scheme.lower() != "bearer":
        return ""
    return key.strip()


class AuthMiddleware:
    """The real API's 401s: no key at all, or a key it does not know."""

    def __init__(self, app: ASGIApp, mock: MockState) -> None:
        self.app = app
        self.mock = mock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if is_api_path(scope) and scope["method"] != "OPTIONS":
            key = bearer_key(scope)
            error: errors.APIError | None = None
            if key is None:
                error = errors.missing_api_key()
            elif not key or not self._accepts(key):
                error = errors.incorrect_api_key(key)
            if error is not None:
                await error_response(error)(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _accepts(self, key: str) -> bool:
        allowed = self.mock.settings.api_keys
        return not allowed or key in allowed


class FaultMiddleware:
    """``X-Mock-Fault`` and armed plans make a request fail the way the real API fails."""

    def __init__(self, app: ASGIApp, mock: MockState) -> None:
        self.app = app
        self.mock = mock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not is_api_path(scope) or scope["method"] == "OPTIONS":
            await self.app(scope, receive, send)
            return
        header = Headers(scope=scope).get("x-mock-fault")
        fault = parse_fault_header(header) if header else None
        if fault is None:
            fault = self.mock.faults.take(scope["method"], scope["path"])
        if fault is None:
            await self.app(scope, receive, send)
        elif fault.kind == "timeout":
            delay = (
                fault.delay if fault.delay is not None else self.mock.settings.timeout_fault_seconds
            )
            await asyncio.sleep(delay)
            await self.app(scope, receive, send)
        elif fault.kind == "disconnect":
            await self.app(scope, receive, _cut_midway(send))
        else:
            request_id = str(_scope_state(scope).get("request_id", ""))
            await error_response(self._error(fault, request_id))(scope, receive, send)

    def _error(self, fault: Fault, request_id: str) -> errors.APIError:
        if fault.kind == "429":
            return errors.rate_limited(
                "the requested model",
                limit=LIMIT_REQUESTS,
                retry_after=fault.retry_after,
                organization=self.mock.settings.organization,
            )
        if fault.kind == "503":
            return errors.overloaded(request_id)
        return errors.server_error(request_id)


def _cut_midway(send: Send) -> Send:
    """A ``send`` that passes the response start and half the body, then drops the connection.

    Over a socket the server closes the connection mid-body; in process, the transport raises
    the error an HTTP client raises for a peer that hung up.
    """
    state = {"body_messages": 0}

    async def cut(message: Message) -> None:
        if message["type"] == "http.response.body":
            body = message.get("body", b"")
            if message.get("more_body", False):
                state["body_messages"] += 1
                if state["body_messages"] > 2:
                    raise httpx2.RemoteProtocolError("peer closed connection (X-Mock-Fault)")
                await send(message)
                return
            await send(
                {"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True}
            )
            raise httpx2.RemoteProtocolError("peer closed connection (X-Mock-Fault)")
        await send(message)

    return cut


class BodyLimitMiddleware:
    """Refuses bodies over the size limit with a clear 413, before anything parses them."""

    def __init__(self, app: ASGIApp, mock: MockState) -> None:
        self.app = app
        self.limit = mock.settings.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = Headers(scope=scope).get("content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await error_response(errors.body_too_large(self.limit))(scope, receive, send)
            return
        received = 0
        limit = self.limit

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge()
            return message

        try:
            await self.app(scope, counted, send)
        except BodyTooLarge:
            await error_response(errors.body_too_large(self.limit))(scope, receive, send)


class BodyTooLarge(Exception):
    """A chunked body grew past the limit while it was read."""
