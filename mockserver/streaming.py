"""Server-sent events exactly as the real API frames them.

Chat and legacy completions: ``data: {json}\\n\\n`` lines only (no ``event:`` lines), compact
JSON, closed by ``data: [DONE]\\n\\n``. Typed streams (assistants, responses, images, audio):
``event: NAME\\ndata: {json}\\n\\n``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable
from typing import Any

from starlette.responses import StreamingResponse

MEDIA_TYPE = "text/event-stream; charset=utf-8"
DONE = b"data: [DONE]\n\n"


def data_frame(payload: Any) -> bytes:
    return (
        b"data: "
        + json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
        + b"\n\n"
    )


def event_frame(event: str, payload: Any) -> bytes:
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    return f"event: {event}\ndata: {body}\n\n".encode()


async def _data_stream(chunks: Iterable[Any], done: bool) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield data_frame(chunk)
    if done:
        yield DONE


async def _event_stream(events: Iterable[tuple[str, Any]], done: bool) -> AsyncIterator[bytes]:
    for name, payload in events:
        yield event_frame(name, payload)
    if done:
        yield b"event: done\ndata: [DONE]\n\n"


def sse_response(chunks: Iterable[Any], *, done: bool = True) -> StreamingResponse:
    """A data-only stream (chat and legacy completions), ending with ``[DONE]``."""
    return StreamingResponse(
        _data_stream(chunks, done), media_type=MEDIA_TYPE, headers={"cache-control": "no-cache"}
    )


def typed_sse_response(
    events: Iterable[tuple[str, Any]], *, done: bool = False
) -> StreamingResponse:
    """A stream of named events (assistants, responses, images, audio)."""
    return StreamingResponse(
        _event_stream(events, done), media_type=MEDIA_TYPE, headers={"cache-control": "no-cache"}
    )
