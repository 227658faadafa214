"""Server-sent events exactly as the real API frames them.

Chat and legacy completions: ``data: {json}\\n\\n`` lines only (no ``event:`` lines), compact
JSON, closed by ``data: [DONE]\\n\\n``. Typed streams (assistants, responses, images, audio):
``event: NAME\\ndata: {json}\\n\\n``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any

import orjson
from starlette.responses import StreamingResponse

MEDIA_TYPE = "text/event-stream; charset=utf-8"
DONE = b"data: [DONE]\n\n"


def data_frame(payload: Any) -> bytes:
    return b"data: " + orjson.dumps(payload) + b"\n\n"


def event_frame(event: str, payload: Any) -> bytes:
    return b"event: " + event.encode() + b"\ndata: " + orjson.dumps(payload) + b"\n\n"


# Frames per body message: the bytes on the wire are the same as one write per frame, and
# an HTTP client's SSE parser yields the same events; the server does a fraction of the sends.
FRAMES_PER_SEND = 16


async def _batched(frames: Iterable[bytes]) -> AsyncIterator[bytes]:
    batch: list[bytes] = []
    for frame in frames:
        batch.append(frame)
        if len(batch) >= FRAMES_PER_SEND:
            yield b"".join(batch)
            batch.clear()
    if batch:
        yield b"".join(batch)


def _data_frames(chunks: Iterable[Any], done: bool) -> Iterable[bytes]:
    for chunk in chunks:
        yield data_frame(chunk)
    if done:
        yield DONE


def _event_frames(events: Iterable[tuple[str, Any]], done: bool) -> Iterable[bytes]:
    for name, payload in events:
        yield event_frame(name, payload)
    if done:
        yield b"event: done\ndata: [DONE]\n\n"


def sse_response(chunks: Iterable[Any], *, done: bool = True) -> StreamingResponse:
    """A data-only stream (chat and legacy completions), ending with ``[DONE]``."""
    return StreamingResponse(
        _batched(_data_frames(chunks, done)),
        media_type=MEDIA_TYPE,
        headers={"cache-control": "no-cache"},
    )


def typed_sse_response(
    events: Iterable[tuple[str, Any]], *, done: bool = False
) -> StreamingResponse:
    """A stream of named events (assistants, responses, images, audio)."""
    return StreamingResponse(
        _batched(_event_frames(events, done)),
        media_type=MEDIA_TYPE,
        headers={"cache-control": "no-cache"},
    )
