"""A stream's padded frames made in one pass are padded as each chunk is, one at a time."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.http.obfuscation import OBFUSCATION_ALPHABET, Obfuscator


@settings(max_examples=60, deadline=None)
@given(
    first=st.integers(0, 1200),
    visible=st.lists(st.integers(0, 40), max_size=120),
    seed=st.integers(0, 2**32),
)
def test_a_streams_frames_are_padded_as_each_chunk_is(
    first: int, visible: list[int], seed: int
) -> None:
    obfuscator = Obfuscator(seed, "chatcmpl-x")
    _check_framed(obfuscator, first, visible)


def _check_framed(obfuscator: Obfuscator, first: int, visible: list[int]) -> None:
    deltas = [(b"T%d" % k, n) for k, n in enumerate(visible)]
    expected = [
        b"<T%d|%s>" % (k, obfuscator.pad_bytes(first + k, n)) for k, n in enumerate(visible)
    ]
    assert obfuscator.framed(first, deltas, b"<", b"|", b">") == expected


def test_long_streams_cross_the_start_table_alike() -> None:
    # Positions past the table of starts (a stream of more than 1,000 chunks) and a run across
    # the 64 drawn extra lengths more than once.
    obfuscator = Obfuscator(7, "chatcmpl-long")
    visible = [k % 23 for k in range(2500)]
    for first in (1, 900, 999, 1000, 1001):
        _check_framed(obfuscator, first, visible)


def test_a_padding_rounds_the_content_up_to_16_plus_up_to_3() -> None:
    obfuscator = Obfuscator(0, "chatcmpl-y")
    for position in range(200):
        for visible in range(40):
            pad = obfuscator.pad_bytes(position, visible)
            assert 16 - visible % 16 <= len(pad) <= 16 - visible % 16 + 3
            assert set(pad.decode("ascii")) <= set(OBFUSCATION_ALPHABET)
