"""Server-sent events exactly as the real API frames them.

Chat and legacy completions: ``data: {json}\\n\\n`` lines only (no ``event:`` lines), compact
JSON, closed by ``data: [DONE]\\n\\n``. (Typed streams, ``event: NAME`` lines, arrive with the
first resource that sends them: assistants, responses, images, audio.)
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Iterable
from typing import Any

import orjson
from starlette.responses import StreamingResponse

MEDIA_TYPE = "text/event-stream; charset=utf-8"
DONE = b"data: [DONE]\n\n"


def data_frame(payload: Any) -> bytes:
    return b"data: " + orjson.dumps(payload) + b"\n\n"


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


def sse_frames_response(frames: Iterable[bytes]) -> StreamingResponse:
    """A data-only stream of frames a resource wrote itself (``data: ...\\n\\n``, as
    ``data_frame`` writes them), ending with ``[DONE]``."""
    return StreamingResponse(
        _batched(itertools.chain(frames, (DONE,))),
        media_type=MEDIA_TYPE,
        headers={"cache-control": "no-cache"},
    )


def sse_response(chunks: Iterable[Any], *, done: bool = True) -> StreamingResponse:
    """A data-only stream (chat and legacy completions), ending with ``[DONE]``."""
    return StreamingResponse(
        _batched(_data_frames(chunks, done)),
        media_type=MEDIA_TYPE,
        headers={"cache-control": "no-cache"},
    )
