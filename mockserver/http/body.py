"""Request bodies: read once by the API middleware (so the journal has them even when a
handler never reads them), then parsed by the handler that needs them."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.types import Message, Receive

from . import errors


class BodyTooLarge(Exception):
    """A body without a Content-Length grew past the limit while it was read."""


async def buffer_body(receive: Receive, limit: int) -> tuple[bytes, Receive]:
    """Read the request body up front; the app then receives the same messages again. Past
    ``limit`` it raises ``BodyTooLarge``."""
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


async def request_body(request: Request) -> bytes:
    """The raw body: as the API middleware already read it, else read now."""
    body = request.scope.get("state", {}).get("body")
    return body if isinstance(body, bytes) else await request.body()


def parse_json(raw: bytes) -> Any:
    """A JSON value, read strictly as the real API reads it: ``NaN`` and ``Infinity``, numbers
    that overflow a double, lone surrogates, invalid UTF-8 and nesting deeper than 1,024 levels
    are all the real 400 for a body it cannot parse (orjson refuses each, in C, without
    recursing in Python)."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise errors.invalid_json() from None


async def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object, or the real API's 400 for a body it cannot parse (for a
    multipart form, its 400 naming the content type; looked at only once parsing failed, so
    the JSON path pays nothing for it)."""
    try:
        body = parse_json(await request_body(request))
    except errors.APIError:
        kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if kind == "multipart/form-data":
            raise errors.json_expected(kind) from None
        raise
    if not isinstance(body, dict):
        raise errors.invalid_json()
    return body
