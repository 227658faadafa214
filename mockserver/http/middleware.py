"""The API middleware: the app's whole middleware stack, one pure ASGI layer (so it wraps
streamed responses too) that gives every ``/v1`` request what the real API gives it, in this
order: a request id, the body-size limit, authentication, fault injection; then the real
headers on the response, and a journal entry for ``/__mock__/requests``. It also answers
what Starlette's stack would: CORS (for a request with an ``Origin``) and any error the
router or a handler raises, in the API's envelope (http/failures.py). One layer rather than
seven (Starlette's error and exception middleware, CORS, the five API steps): each frame of a
stream and each request passes through a single wrapper."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import MutableMapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.exceptions import ExceptionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..state import MockState
from ..state.faults import parse_fault_header
from . import errors
from .auth import auth_error
from .body import BodyTooLarge, buffer_body
from .failures import failure_response, socket_error
from .faults import LIMIT_REQUESTS, LIMIT_TOKENS, cut_midway, fault_error, paced, slow_pause
from .limits import body_limit
from .render import error_response
from .socket_session import websocket_session

log = logging.getLogger("mockserver")

CONTROL_PREFIX = "/__mock__"
OPENAI_VERSION = b"2020-10-01"
_FIXED_HEADERS = (
    (b"openai-version", OPENAI_VERSION),
    (b"x-ratelimit-limit-requests", str(LIMIT_REQUESTS).encode()),
    (b"x-ratelimit-limit-tokens", str(LIMIT_TOKENS).encode()),
    (b"x-ratelimit-reset-requests", b"6ms"),
    (b"x-ratelimit-reset-tokens", b"0s"),
)
# A request within the limit leaves this many; a 429 says the limit is used up, as its
# message does ("Limit 10000, Used 10000").
_REMAINING = str(LIMIT_REQUESTS - 1).encode()
_NONE_REMAINING = b"0"
_EVENT_STREAM = b"text/event-stream"
_BODY = ("http.response.body",)
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


def has_origin(scope: Scope) -> bool:
    return any(name == b"origin" for name, _ in scope["headers"])


class APIMiddleware:
    """The layer around the router. ``cors`` are CORSMiddleware's options, applied to requests
    that carry an ``Origin``; a request without one (the SDK, curl) is not a cross-origin
    request, and its response is spared a rewrite of its headers."""

    def __init__(self, app: ASGIApp, mock: MockState, cors: dict[str, Any]) -> None:
        self.app = app
        self.mock = mock
        organization = (b"openai-organization", mock.settings.organization.encode())
        self.fixed_headers = (organization, *_FIXED_HEADERS)
        self.cors = CORSMiddleware(self._http, **cors)
        # WebSocket routes take their exception handlers from Starlette's scope key.
        self.sockets = ExceptionMiddleware(
            app, handlers={errors.APIError: socket_error, HTTPException: socket_error}
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            if has_origin(scope):
                await self.cors(scope, receive, send)
            else:
                await self._http(scope, receive, send)
        elif scope["type"] == "websocket" and not str(scope["path"]).startswith(CONTROL_PREFIX):
            await websocket_session(
                self.sockets, self.mock, self.fixed_headers, scope, receive, send
            )
        else:
            await self.sockets(scope, receive, send)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not is_api_request(scope):
            await self._unfailing(scope, receive, send, "")
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
                remaining = _NONE_REMAINING if status[0] == 429 else _REMAINING
                message["headers"] = [
                    *raw,
                    *added,
                    (b"x-ratelimit-remaining-requests", remaining),
                    (b"openai-processing-ms", elapsed),
                ]
            await send(message)

        limit = body_limit(scope["path"], settings.max_body_bytes)
        try:
            if length.isdigit() and int(length) > limit:
                raise BodyTooLarge()
            body, receive_again = await buffer_body(receive, limit)
            state["body"] = body
            authorization = wanted.get(b"authorization")
            error = auth_error(
                None if authorization is None else authorization.decode("latin-1"), mock.api_keys
            )
            if error is not None:
                await error_response(error)(scope, receive_again, send_with_headers)
                return
            header = wanted.get(b"x-mock-fault")
            try:
                fault = parse_fault_header(header.decode("latin-1")) if header else None
            except errors.APIError as bad_header:
                await error_response(bad_header)(scope, receive_again, send_with_headers)
                return
            if fault is None:
                fault = mock.faults.take(scope["method"], scope["path"])
            if fault is None:
                # The router straight away (no wrapper on ``send``: ``status`` says whether
                # the response has started), its errors answered here.
                try:
                    await self.app(scope, receive_again, send_with_headers)
                except Exception as exc:
                    if status[0]:
                        raise  # a stream cut short: the server logs it and closes the connection
                    failure = failure_response(scope, exc, request_id)
                    await failure(scope, receive_again, send_with_headers)
            elif fault.kind == "timeout":
                hold = fault.delay if fault.delay is not None else settings.timeout_fault_seconds
                await asyncio.sleep(hold)
                await self._unfailing(scope, receive_again, send_with_headers, request_id)
            elif fault.kind == "disconnect":
                cut = cut_midway(send_with_headers, fault.after)
                await self._unfailing(scope, receive_again, cut, request_id)
            elif fault.kind == "slow":
                slow = paced(send_with_headers, _BODY, slow_pause(mock, fault))
                await self._unfailing(scope, receive_again, slow, request_id)
            else:
                error = fault_error(fault, settings, request_id, body)
                await error_response(error)(scope, receive_again, send_with_headers)
        except BodyTooLarge:
            too_large = errors.body_too_large(limit)
            await error_response(too_large)(scope, receive, send_with_headers)
        except Exception as exc:
            # A failure of this layer itself (reading the body, say): the 500 envelope if
            # nothing was sent yet, and the error raised on for the server, as Starlette's
            # ServerErrorMiddleware does.
            if not status[0]:
                await failure_response(scope, exc, request_id)(scope, receive, send)
            raise
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

    async def _unfailing(self, scope: Scope, receive: Receive, send: Send, request_id: str) -> None:
        """The router, with any error raised before the response started answered in the API's
        envelope (through ``send``, so it carries every header and is journalled with its
        status). Once a response has started (a stream), the connection can only be closed."""
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception as exc:
            if started:
                raise  # the server logs it and closes the connection
            failure = failure_response(scope, exc, request_id or self.mock.ids.new("req_"))
            await failure(scope, receive, send)
