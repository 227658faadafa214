"""A binary body streamed the way the real API streams generated audio: no Content-Length,
``Transfer-Encoding: chunked``, the bytes in pieces as they are ready."""

from __future__ import annotations

from collections.abc import Iterable

from starlette.responses import Response
from starlette.types import Receive, Scope, Send

CHUNK_BYTES = 16 * 1024


def pieces(data: bytes, size: int = CHUNK_BYTES) -> Iterable[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


class ChunkedBody(Response):
    """``chunks`` sent one body message each (uvicorn frames them as HTTP chunks, since no
    Content-Length is set), the last message closing the body."""

    def __init__(self, chunks: Iterable[bytes], media_type: str) -> None:
        self.chunks = chunks
        self.status_code = 200
        self.background = None
        self.media_type = media_type
        # No body attribute, so no Content-Length: the length is not announced.
        self.init_headers({})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
        for chunk in self.chunks:
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})
