from __future__ import annotations

import asyncio
import json

from starlette.applications import Starlette
from starlette.responses import StreamingResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from mockserver.http import sse


def test_data_frames_are_compact_json_lines() -> None:
    frame = sse.data_frame({"a": 1, "b": "한"})
    assert frame == 'data: {"a":1,"b":"한"}\n\n'.encode()


def _client(response: object) -> TestClient:
    async def endpoint(request: object) -> object:
        return response

    return TestClient(Starlette(routes=[Route("/s", endpoint)]))  # type: ignore[arg-type]


def test_a_data_stream_ends_with_done_and_has_no_event_lines() -> None:
    chunks = [{"i": i} for i in range(40)]  # more than one batch of frames
    response = _client(sse.sse_response(chunks)).get("/s")
    assert response.headers["content-type"] == "text/event-stream; charset=utf-8"
    frames = response.text.split("\n\n")
    assert frames[-1] == "" and frames[-2] == "data: [DONE]"
    assert [json.loads(f.removeprefix("data: ")) for f in frames[:-2]] == chunks
    assert "event:" not in response.text


def _body_messages(stream: sse.EventStream) -> list[tuple[bytes, bool]]:
    sent: list[tuple[bytes, bool]] = []

    async def receive() -> dict[str, object]:
        return {"type": "http.disconnect"}

    async def send(message: dict[str, object]) -> None:
        if message["type"] == "http.response.body":
            sent.append((message["body"], message["more_body"]))  # type: ignore[arg-type]

    asyncio.run(stream({"type": "http"}, receive, send))  # type: ignore[arg-type]
    return sent


def test_frames_go_out_in_full_batches_and_the_rest_closes_the_body() -> None:
    per = sse.FRAMES_PER_SEND
    frames = [b"data: %d\n\n" % i for i in range(2 * per)]
    sent = _body_messages(sse.EventStream(frames))
    # Two full batches, then the (here empty) rest closes the body: a disconnect fault counts
    # the body messages, so their number is part of the behaviour.
    assert sent == [
        (b"".join(frames[:per]), True),
        (b"".join(frames[per:]), True),
        (b"", False),
    ]
    assert _body_messages(sse.EventStream(frames[:3])) == [(b"".join(frames[:3]), False)]


def test_a_streams_headers_are_the_ones_starlette_would_write() -> None:
    sse_headers = {"cache-control": "no-cache"}
    stream = sse.EventStream([])
    # A body-less response (no Content-Length), as Starlette's streaming one.
    written = StreamingResponse(iter([]), media_type=sse.MEDIA_TYPE, headers=sse_headers)
    assert stream.raw_headers == written.raw_headers
    stream.headers["x-extra"] = "1"  # each stream's own list
    assert sse.EventStream([]).raw_headers == written.raw_headers
