"""Token logprobs: real token bytes, values <= 0, alternatives sorted and summing below 1."""

from __future__ import annotations

import math

from mockserver import tokens
from mockserver.generate.logprobs import token_logprobs
from mockserver.tokens import token_text


def test_partial_utf8_tokens_are_spelled_as_bytes() -> None:
    assert token_text("한".encode()[:2]) == "bytes:\\xed\\x95"
    assert token_text(b" How") == " How"


def test_entries_are_deterministic_and_well_formed() -> None:
    ids = tokens.encode("Hello there, 안녕하세요!", "cl100k_base")
    entries = token_logprobs(ids, "cl100k_base", 7, top=4)
    assert entries == token_logprobs(ids, "cl100k_base", 7, top=4)
    assert entries != token_logprobs(ids, "cl100k_base", 8, top=4)
    assert len(entries) == len(ids)
    for entry, token_id in zip(entries, ids, strict=True):
        assert bytes(entry["bytes"]) == tokens.get_encoding(
            "cl100k_base"
        ).decode_single_token_bytes(token_id)
        assert entry["logprob"] <= 0
        values = [t["logprob"] for t in entry["top_logprobs"]]
        assert values == sorted(values, reverse=True) and len(values) == 4
        assert sum(math.exp(v) for v in values) <= 1 + 1e-6


def test_no_alternatives_when_top_is_zero() -> None:
    (entry,) = token_logprobs(tokens.encode("Hi", "o200k_base"), "o200k_base", 0, top=0)
    assert entry["top_logprobs"] == []
