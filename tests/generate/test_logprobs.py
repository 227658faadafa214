"""Token logprobs: real token bytes, values <= 0, alternatives sorted and summing below 1."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from typing import Any

import pytest

from mockserver import tokens
from mockserver.generate.logprobs import token_logprobs as made
from mockserver.tokens import token_text


def token_logprobs(ids: list[int], encoding: str, seed: int, *, top: int, salt: str = "") -> Any:
    """The entries as the API objects."""
    return made(ids, encoding, seed, top=top, salt=salt).entries()


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


TEXT = "Supervised learning trains a model on labels. 지도학습은 정답이 있는 데이터로 배웁니다."


@pytest.mark.parametrize("encoding", ["cl100k_base", "o200k_base"])
@pytest.mark.parametrize("top", [0, 1, 2, 5, 20])
def test_every_position_is_a_distribution_in_order(encoding: str, top: int) -> None:
    ids = tokens.encode(TEXT, encoding)
    for seed in range(40):
        for entry in token_logprobs(ids, encoding, seed, top=top):
            assert -20.0 < entry["logprob"] <= 0
            alternatives = entry["top_logprobs"]
            assert len(alternatives) == top
            values = [t["logprob"] for t in alternatives]
            assert values == sorted(values, reverse=True)
            assert sum(math.exp(v) for v in values) <= 1 + 1e-6
            assert len({t["token"] for t in alternatives}) == top  # no token twice
            if top:
                assert {"token": entry["token"], "logprob": entry["logprob"],
                        "bytes": entry["bytes"]} in alternatives  # fmt: skip
            for t in alternatives:
                assert t["token"] == token_text(bytes(t["bytes"]))


def test_values_depend_on_position_and_token_not_on_length_or_top() -> None:
    ids = tokens.encode(TEXT, "o200k_base")
    full = token_logprobs(ids, "o200k_base", 3, top=5)
    assert token_logprobs(ids[:7], "o200k_base", 3, top=5) == full[:7]  # a reply cut shorter
    fewer = token_logprobs(ids, "o200k_base", 3, top=2)
    assert [e["logprob"] for e in fewer] == [e["logprob"] for e in full]
    for short, long in zip(fewer, full, strict=True):  # the same first alternatives
        assert all(t in long["top_logprobs"] for t in short["top_logprobs"])
    other = [*ids[:4], ids[4] + 1, *ids[5:]]  # another token at position 4 only
    changed = token_logprobs(other, "o200k_base", 3, top=5)
    assert changed[:4] == full[:4] and changed[5:] == full[5:]
    assert changed[4]["logprob"] != full[4]["logprob"]
    assert token_logprobs(ids, "o200k_base", 3, top=5, salt="1") != full  # another choice


def test_the_chosen_token_is_never_its_own_alternative() -> None:
    # Common ASCII tokens are in the alternatives' pool: they must not appear twice.
    ids = list(range(0, 4000, 7))
    for entry in token_logprobs(ids, "cl100k_base", 11, top=20):
        names = [t["token"] for t in entry["top_logprobs"]]
        assert names.count(entry["token"]) == 1


def test_same_numbers_in_another_process() -> None:
    code = (
        "from mockserver import tokens; from mockserver.generate.logprobs import token_logprobs;"
        f"print(token_logprobs(tokens.encode({TEXT!r}, 'o200k_base'), 'o200k_base', 5, top=4)"
        ".entries())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "99"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    here = token_logprobs(tokens.encode(TEXT, "o200k_base"), "o200k_base", 5, top=4)
    assert done.stdout.strip() == str(here)
