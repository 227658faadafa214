"""Stream frames are written from a head shared by every chunk: each must be exactly the compact
JSON of its whole chunk, keys in the real API's order."""

from __future__ import annotations

import itertools
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver import tokens
from mockserver.resources.chat import stream
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
        {"n": 3, "stream_options": {"include_usage": True}},
    ],
    ids=["plain", "usage", "no-obfuscation-n2", "tools", "logprobs", "n3-usage"],
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


@pytest.mark.parametrize("obfuscated", [True, False])
def test_choices_interleave_token_by_token_in_index_order(mock_http: Any, obfuscated: bool) -> None:
    body = {
        "model": "gpt-4o",
        "n": 3,
        "messages": [{"role": "user", "content": "Tell me about the World Cup"}],
    }
    plain = mock_http.post("/v1/chat/completions", json=body).json()
    options = {"include_obfuscation": obfuscated}
    streamed = mock_http.post(
        "/v1/chat/completions", json={**body, "stream": True, "stream_options": options}
    )
    rows = [
        orjson.loads(frame.removeprefix(b"data: "))["choices"]
        for frame in streamed.content.split(b"\n\n")[:-2]
    ]
    assert all(len(row) == 1 for row in rows)
    steps = [(row[0]["index"], row[0]["delta"], row[0]["finish_reason"]) for row in rows]
    role = {"role": "assistant", "content": "", "refusal": None}
    assert steps[:3] == [(index, role, None) for index in range(3)]
    finishes = [(c["index"], {}, c["finish_reason"]) for c in plain["choices"]]
    assert steps[-3:] == finishes
    contents = [[d["content"] for i, d, _ in steps[3:-3] if i == index] for index in range(3)]
    assert ["".join(parts) for parts in contents] == [
        c["message"]["content"] for c in plain["choices"]
    ]
    assert len({len(parts) for parts in contents}) > 1  # replies of different lengths
    # Row by row: the k-th piece of every choice that has one, in index order.
    interleaved = [
        (index, piece)
        for row in itertools.zip_longest(*contents)
        for index, piece in enumerate(row)
        if piece is not None
    ]
    assert [(i, d["content"]) for i, d, _ in steps[3:-3]] == interleaved


def _expected_deltas(ids: list[int], encoding: str) -> list[tuple[bytes, int]]:
    return [(orjson.dumps(p.text), len(p.text)) for p in tokens.pieces(ids, encoding)]


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet='가나다한국어 ab"\\\n\té😀', max_size=30),
    cut=st.integers(0, 40),
    encoding=st.sampled_from(["cl100k_base", "o200k_base"]),
)
def test_content_deltas_are_the_pieces_as_json_remembered_or_not(
    text: str, cut: int, encoding: str
) -> None:
    # Cut anywhere, a reply can end inside a character: its last bytes are not a token's
    # whole text, and must not be remembered as one.
    whole = tokens.encode(text, encoding)
    ids = whole[:cut]
    expected = _expected_deltas(ids, encoding)
    stream._deltas_known.clear()
    assert stream._content_deltas(ids, encoding) == expected  # spelled afresh
    assert stream._content_deltas(ids, encoding) == expected  # from what was remembered
    # The whole reply, and each token alone, with what the cut one left remembered.
    assert stream._content_deltas(whole, encoding) == _expected_deltas(whole, encoding)
    for token in whole:
        assert stream._content_deltas([token], encoding) == _expected_deltas([token], encoding)
    assert stream._content_deltas(whole, encoding) == _expected_deltas(whole, encoding)


def test_a_characters_parts_each_seen_alone_still_make_one_delta() -> None:
    ids = tokens.encode("한국어", "cl100k_base")  # cl100k spells "국" in two tokens
    assert len(ids) == 4
    stream._deltas_known.clear()
    # Each token alone, as a reply cut after it: "국"'s parts are not a character.
    alone = [stream._content_deltas([token], "cl100k_base") for token in ids]
    assert [deltas[0][0].decode() for deltas in alone] == ['"한"', '"\ufffd"', '"\ufffd"', '"어"']
    assert stream._content_deltas(ids, "cl100k_base") == [
        (orjson.dumps(text), 1) for text in "한국어"
    ]


def test_remembered_deltas_stay_bounded() -> None:
    stream._deltas_known.clear()
    many = list(range(stream._DELTAS_MAX + 2000))  # token ids, most of them whole text
    for start in range(0, len(many), 1000):
        stream._content_deltas(many[start : start + 1000], "cl100k_base")
    assert len(stream._deltas_known["cl100k_base"]) <= stream._DELTAS_MAX
