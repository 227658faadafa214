"""Server-sent events exactly as the real API frames them.

Chat and legacy completions: ``data: {json}\\n\\n`` lines only (no ``event:`` lines), compact
JSON, closed by ``data: [DONE]\\n\\n``. (Typed streams, ``event: NAME`` lines, arrive with the
first resource that sends them: assistants' runs, responses, images, audio.)
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

import orjson
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

MEDIA_TYPE = "text/event-stream; charset=utf-8"
DONE = b"data: [DONE]\n\n"
# How the Assistants API's typed stream ends.
DONE_EVENT = b"event: done\ndata: [DONE]\n\n"


def data_frame(payload: Any) -> bytes:
    return b"data: " + orjson.dumps(payload) + b"\n\n"


def event_frame(event: str, payload: Any) -> bytes:
    """A typed stream's frame: ``event: NAME`` and its JSON data (images, assistants' runs)."""
    return b"event: " + event.encode() + b"\ndata: " + orjson.dumps(payload) + b"\n\n"


# A stream's headers, as ``Response.init_headers({"cache-control": "no-cache"})`` writes them
# for MEDIA_TYPE, made once rather than for every stream.
_HEADERS = ((b"cache-control", b"no-cache"), (b"content-type", MEDIA_TYPE.encode("latin-1")))

# Frames per body message: the bytes on the wire are the same as one write per frame, and
# an HTTP client's SSE parser yields the same events; the server does a fraction of the sends.
FRAMES_PER_SEND = 16


class EventStream(Response):
    """A stream of frames written as they are made, ``FRAMES_PER_SEND`` to a body message, the
    last batch closing the body.

    Not Starlette's ``StreamingResponse``: under uvicorn (ASGI 2.3) that runs each stream in a
    task group with a second task listening for the client's disconnect, a third of a short
    stream's cost. The mock's frames come from a plain iterator with nothing to wait for, so a
    stream is never left waiting on a client that went away: uvicorn drops the sends of a
    closed connection and the iterator runs out at once."""

    media_type = MEDIA_TYPE

    def __init__(self, frames: Iterable[bytes]) -> None:
        self.frames = frames
        self.status_code = 200
        self.background = None
        self.raw_headers = list(_HEADERS)  # a list of its own: Response.headers edits it

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
        frames = iter(self.frames)
        while True:
            # Taken by islice, in C: a Python loop's append and test per frame cost more.
            batch = list(itertools.islice(frames, FRAMES_PER_SEND))
            more = len(batch) == FRAMES_PER_SEND
            await send({"type": "http.response.body", "body": b"".join(batch), "more_body": more})
            if not more:
                return


def _data_frames(chunks: Iterable[Any], done: bool) -> Iterable[bytes]:
    for chunk in chunks:
        yield data_frame(chunk)
    if done:
        yield DONE


def sse_frames_response(frames: Iterable[bytes]) -> EventStream:
    """A data-only stream of frames a resource wrote itself (``data: ...\\n\\n``, as
    ``data_frame`` writes them), ending with ``[DONE]``."""
    return EventStream(itertools.chain(frames, (DONE,)))


def sse_response(chunks: Iterable[Any], *, done: bool = True) -> EventStream:
    """A data-only stream (chat and legacy completions), ending with ``[DONE]``."""
    return EventStream(_data_frames(chunks, done))


def typed_sse_response(events: Iterable[tuple[str, Any]]) -> EventStream:
    """A stream of typed events, each ``(name, payload)``; no ``[DONE]`` after them (the
    typed streams end with their last event)."""
    return EventStream(event_frame(name, payload) for name, payload in events)
