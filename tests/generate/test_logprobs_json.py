"""Logprobs written straight as JSON: the same bytes orjson writes for the entries' dicts,
compact or pretty-printed at any depth, whole or cut into stream chunks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver import tokens
from mockserver.generate import logprobs
from mockserver.generate.logprobs import token_logprobs
from mockserver.generate.logprobs_json import Style, dumps, entry_list, pieces

STYLES: list[Style] = [None, 0, 1, 4, 7]


def nested(value: Any, depth: int) -> Any:
    """``value`` inside ``depth`` containers, objects and arrays by turns."""
    for level in range(depth):
        value = {"k": value} if level % 2 else [value]
    return value


def written(value: Any, style: Style) -> bytes:
    """``value`` as orjson writes it inside a body, at the depth the style names."""
    option = 0 if style is None else orjson.OPT_INDENT_2
    return orjson.dumps(nested(value, style or 0), option=option)


@pytest.mark.parametrize("encoding", ["cl100k_base", "o200k_base"])
@pytest.mark.parametrize("top", [0, 1, 2, 5, 20])
def test_a_reply_is_the_json_of_its_entries_in_every_style(encoding: str, top: int) -> None:
    text = 'Supervised "learning" \\ trains\n a model. 지도학습은 데이터로 배웁니다 😀'
    for seed in range(6):
        made = token_logprobs(tokens.encode(text, encoding), encoding, seed, top=top)
        entries = made.entries()
        for style in STYLES:
            assert written(made.json(depth=style), style) == written(entries, style)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 100_000), max_size=40),
    st.integers(0, 20),
    st.integers(0, 2**40),
    st.sampled_from(STYLES),
)
def test_any_tokens_any_top_any_style(ids: list[int], top: int, seed: int, style: Style) -> None:
    made = token_logprobs(ids, "o200k_base", seed, top=top)
    assert written(made.json(depth=style), style) == written(made.entries(), style)


def test_stream_chunks_are_the_json_of_their_entries() -> None:
    ids = tokens.encode("Hello there, 안녕하세요! How are you today?", "o200k_base")
    made = token_logprobs(ids, "o200k_base", 3, top=20)
    entries = made.entries()
    for start in range(len(ids) + 1):
        for end in (start, start + 1, start + 2, len(ids) + 5):
            chunk = orjson.dumps({"content": made.json(start, end)})
            assert chunk == orjson.dumps({"content": entries[start:end]})
            assert made.entries(start, end) == entries[start:end]


def test_an_empty_reply_is_an_empty_list() -> None:
    made = token_logprobs([], "o200k_base", 1, top=5)
    assert made.entries() == [] and len(made) == 0
    for style in STYLES:
        assert written(made.json(depth=style), style) == written([], style)


@settings(max_examples=200, deadline=None)
@given(
    st.text(),
    st.lists(st.integers(0, 255), max_size=12),
    st.lists(st.floats(max_value=0, allow_nan=False, allow_infinity=False), min_size=2, max_size=4),
    st.sampled_from(STYLES),
)
def test_pieces_of_any_token_around_any_numbers(
    text: str, spelling: list[int], numbers: list[float], style: Style
) -> None:
    # Quotes, backslashes, '"logprob":' or '0.0' in a token's text cut nothing wrong.
    own = pieces(text, tuple(spelling), style)
    head, *listed = numbers
    entry = {"token": text, "logprob": head, "bytes": spelling}
    alternatives = [{**entry, "logprob": v} for v in listed]
    parts = [own.head_open, dumps(head, None), own.head_close]
    for k, value in enumerate(listed):
        last = k == len(listed) - 1
        parts += [own.item_open, dumps(value, None), own.item_last if last else own.item_next]
    bare = [own.head_open, dumps(head, None), own.head_close_bare]
    for body, top_logprobs in ((parts, alternatives), (bare, [])):
        row = b"".join(body)
        assert written(orjson.Fragment(entry_list([row, row], style)), style) == written(
            [{**entry, "top_logprobs": top_logprobs}] * 2, style
        )
    # An entry after another: the separator comes with its first piece.
    assert own.head_open_next.endswith(own.head_open)


@pytest.fixture
def small_table(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(logprobs, "_PIECES_ROOM", 64)
    logprobs._piece_table.cache_clear()
    yield
    logprobs._piece_table.cache_clear()


@pytest.mark.usefixtures("small_table")
def test_the_piece_table_is_bounded_and_starts_over_when_full() -> None:
    style: Style = 4
    # 50 tokens a reply, 20 of them the reply before's: the table (room for 64) starts over
    # with a reply that has tokens it knew.
    for first in range(0, 2000, 30):
        ids = list(range(100_000 + first, 100_000 + first + 50))
        made = token_logprobs(ids, "o200k_base", first, top=3)
        assert written(made.json(depth=style), style) == written(made.entries(), style)
        assert len(logprobs._piece_table("o200k_base", style).learned) <= 64


@pytest.mark.usefixtures("small_table")
@pytest.mark.parametrize("style", [None, 4])
def test_a_reply_longer_than_the_table_is_written_all_the_same(style: Style) -> None:
    ids = list(range(120_000, 120_100))
    made = token_logprobs(ids, "o200k_base", 9, top=20)
    assert written(made.json(depth=style), style) == written(made.entries(), style)
    for start in (0, 50, 99):
        chunk = orjson.dumps({"content": made.json(start, start + 1)})
        assert chunk == orjson.dumps({"content": made.entries(start, start + 1)})
