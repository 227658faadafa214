"""``token_pieces``: stream deltas are whole characters and add up to the decoded text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver import tokens
from mockserver.chat.chunks import token_pieces


@settings(max_examples=50, deadline=None)
@given(text=st.text(alphabet="가나다라한국어 abc!é😀", max_size=30), cut=st.integers(0, 40))
def test_pieces_reassemble_the_decoded_prefix(text: str, cut: int) -> None:
    ids = tokens.encode(text, "o200k_base")[:cut]
    pieces = token_pieces(ids, "o200k_base")
    assert "".join(p for p, _ in pieces) == tokens.decode(ids, "o200k_base")
    assert [i for _, group in pieces for i in group] == ids
    assert all(p for p, _ in pieces)


def test_korean_tokens_that_split_a_character_are_merged() -> None:
    ids = tokens.encode("한국어", "cl100k_base")
    pieces = token_pieces(ids, "cl100k_base")
    assert len(pieces) < len(ids)  # cl100k splits Hangul syllables across tokens
    assert [p for p, _ in pieces] == ["한", "국", "어"]
