from __future__ import annotations

import json

from starlette.applications import Starlette
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
