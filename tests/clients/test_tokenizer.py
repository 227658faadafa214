from __future__ import annotations

from clients.tokenizer import (
    SEED_TEXTS,
    compare,
    count_tokens,
    encoding,
    encoding_for_model,
    pieces,
)


def test_the_seeds_english_example() -> None:
    enc = encoding("cl100k_base")
    assert enc.encode("Good Morning") == [15571, 29084]
    assert [p.raw for p in pieces("Good Morning", enc)] == [b"Good", b" Morning"]


def test_korean_costs_more_tokens_per_character() -> None:
    english, korean = compare(SEED_TEXTS, encoding())
    assert korean.tokens == 10
    assert korean.tokens / korean.characters > english.tokens / english.characters
    assert korean.bytes_per_token < english.bytes_per_token


def test_pieces_are_bytes_that_rejoin_into_the_text() -> None:
    parts = pieces("독도는 우리땅", encoding())
    assert b"".join(p.raw for p in parts).decode("utf-8") == "독도는 우리땅"
    assert any("\ufffd" in p.text for p in parts)  # a syllable split between two tokens


def test_special_token_text_is_counted_as_text() -> None:
    assert count_tokens("<|endoftext|>", encoding()) > 1


def test_model_encodings() -> None:
    assert encoding_for_model("gpt-4o").name == "o200k_base"
    assert encoding_for_model("gpt-4").name == "cl100k_base"
    assert encoding_for_model("some-future-model").name == "o200k_base"
