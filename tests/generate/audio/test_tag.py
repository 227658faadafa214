"""The words inside the files: tags, and the low bits that survive where tags do not."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.generate.audio import tag


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=300), st.integers(0, 5000))
def test_any_text_survives_the_low_bits(text: str, size: int) -> None:
    samples = np.random.default_rng(size).integers(-30000, 30000, size, dtype=np.int16)
    marked = tag.embed(samples, text)
    assert tag.extract(marked.astype("<i2").tobytes()) == text
    # Each sample moves by at most one step, and none is lost.
    assert marked.size >= samples.size
    assert np.abs(marked[: samples.size].astype(int) - samples).max(initial=0) <= 1


def test_audio_not_made_by_the_mock_has_no_text() -> None:
    noise = np.random.default_rng(1).integers(-30000, 30000, 50_000, dtype=np.int16)
    assert tag.extract(noise.tobytes()) is None
    assert tag.extract(b"") is None


def test_a_damaged_payload_is_not_believed() -> None:
    marked = tag.embed(np.zeros(2000, dtype=np.int16), "hello world")
    marked[100] ^= 1  # one bit of the text flipped: the CRC no longer matches
    assert tag.extract(marked.tobytes()) is None


def test_tag_key_in_any_case() -> None:
    assert tag.from_tags({"TRANSCRIPT": "hi"}) == "hi"
    assert tag.from_tags({"title": "x"}) is None
