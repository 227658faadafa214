"""Stream frames are written from a head shared by every chunk: each must be exactly the compact
JSON of its whole chunk, keys in the real API's order."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from tests.resources.chat.helpers import WEATHER_TOOL

ORDER = ["id", "object", "created", "model", "service_tier", "system_fingerprint", "choices"]


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"stream_options": {"include_usage": True}},
        {"stream_options": {"include_obfuscation": False}, "n": 2},
        {"tools": [WEATHER_TOOL]},
        {"logprobs": True, "top_logprobs": 2},
    ],
    ids=["plain", "usage", "no-obfuscation-n2", "tools", "logprobs"],
)
def test_every_frame_is_the_compact_json_of_its_chunk(
    mock_http: Any, extra: dict[str, Any]
) -> None:
    body = {"model": "gpt-4o", "stream": True, **extra}
    body["messages"] = [{"role": "user", "content": "What's the weather like in Boston today?"}]
    response = mock_http.post("/v1/chat/completions", json=body)
    frames = response.content.split(b"\n\n")
    assert frames[-2:] == [b"data: [DONE]", b""]
    for frame in frames[:-2]:
        assert frame.startswith(b"data: ")
        chunk = orjson.loads(frame[len(b"data: ") :])
        assert orjson.dumps(chunk) == frame[len(b"data: ") :]
        tail = [k for k in ("usage", "obfuscation") if k in chunk]
        assert list(chunk) == ORDER + tail
        assert ("usage" in chunk) == bool(extra.get("stream_options", {}).get("include_usage"))
