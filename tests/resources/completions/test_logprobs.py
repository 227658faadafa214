"""The legacy ``logprobs`` object: strings, scores, alternatives and offsets that line up."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver import tokens
from mockserver.resources.completions import logprobs as lp

TEXT = "The quick brown fox. 오늘 날씨가 화창합니다 😀"


def _offsets_by_redecoding(raw: list[bytes], offset: int) -> list[int]:
    """What text_offset means, spelled out (quadratic): characters the bytes before decode to."""
    out, consumed = [], b""
    for chunk in raw:
        out.append(offset + len(consumed.decode("utf-8", errors="ignore")))
        consumed += chunk
    return out


@settings(max_examples=200, deadline=None)
@given(chunks=st.lists(st.binary(min_size=1, max_size=4), max_size=12), offset=st.integers(0, 9))
def test_offsets_count_whole_characters_before_each_token(chunks: list[bytes], offset: int) -> None:
    assert lp.text_offsets(chunks, offset) == _offsets_by_redecoding(chunks, offset)


@pytest.mark.parametrize("encoding", ["cl100k_base", "o200k_base"])
def test_offsets_of_cut_replies(encoding: str) -> None:
    ids = tokens.encode(TEXT, encoding)
    for cut in range(len(ids) + 1):
        raw = tokens.get_encoding(encoding).decode_tokens_bytes(ids[:cut])
        assert lp.build(1, ids[:cut], encoding, top=1, offset=4)["text_offset"] == (
            _offsets_by_redecoding(raw, 4)
        )


@pytest.mark.parametrize("top", [0, 1, 3, 5])
def test_scores_and_alternatives(top: int) -> None:
    ids = tokens.encode(TEXT, "cl100k_base")
    for seed in range(30):
        out = lp.build(seed, ids, "cl100k_base", top=top, offset=0, unscored=2)
        assert out["token_logprobs"][0] is None and out["top_logprobs"][0] is None
        for string, score, alternatives in zip(
            out["tokens"][1:], out["token_logprobs"][1:], out["top_logprobs"][1:], strict=True
        ):
            assert score < 0 and len(alternatives) == top
            if top:
                assert next(iter(alternatives.items())) == (string, score)  # the most likely
                values = list(alternatives.values())
                assert all(v < score for v in values[1:])
                assert values == sorted(values, reverse=True)
            assert sum(math.exp(v) for v in alternatives.values()) <= 1 + 1e-6


def test_deterministic_and_a_pure_function_of_each_position() -> None:
    ids = tokens.encode(TEXT, "o200k_base")
    full = lp.build(9, ids, "o200k_base", top=5, offset=0)
    assert full == lp.build(9, ids, "o200k_base", top=5, offset=0)
    assert full != lp.build(10, ids, "o200k_base", top=5, offset=0)
    short = lp.build(9, ids[:5], "o200k_base", top=5, offset=0)
    assert short == lp.sliced(full, 0, 5)


def test_random_token_ids_spell_and_score() -> None:
    rng = random.Random(0)
    ids = [rng.randrange(100_000) for _ in range(300)]
    out = lp.build(0, ids, "cl100k_base", top=5, offset=0)
    assert out["tokens"] == [
        tokens.token_text(t) for t in tokens.get_encoding("cl100k_base").decode_tokens_bytes(ids)
    ]
    assert all(len(t) == 5 for t in out["top_logprobs"])


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=40), offset=st.integers(0, 9))
def test_the_running_sum_of_whole_tokens_agrees(text: str, offset: int) -> None:
    for encoding in ("cl100k_base", "o200k_base"):
        ids = tokens.encode(text, encoding)
        raw = tokens.get_encoding(encoding).decode_tokens_bytes(ids)
        assert lp.build(0, ids, encoding, top=0, offset=offset)["text_offset"] == (
            _offsets_by_redecoding(raw, offset)
        )
