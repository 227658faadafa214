"""Decoding uploads with FFmpeg: real durations, tags, and clear failures for non-audio."""

from __future__ import annotations

import pytest

from mockserver.generate.audio import codec
from tests.audio_files import encoded, tone


@pytest.mark.parametrize(
    ("fmt", "codec_name", "layout"),
    [("wav", "pcm_s16le", "stereo"), ("mp3", "libmp3lame", "mono"), ("ogg", "libopus", "mono"),
     ("webm", "libopus", "stereo"), ("ipod", "aac", "mono"), ("flac", "flac", "mono")],
)  # fmt: skip
def test_the_duration_is_the_decoded_one(fmt: str, codec_name: str, layout: str) -> None:
    rate = 48_000 if codec_name == "libopus" else 16_000
    found = codec.decode(encoded(tone(3.0, rate), rate, fmt=fmt, codec=codec_name, layout=layout))
    assert found.duration == pytest.approx(3.0, abs=0.08)


@pytest.mark.parametrize(
    "data", [b"", b"not audio at all" * 100, b"RIFF\x00\x00\x00\x00WAVEfmt ", b"ID3" + bytes(50)]
)
def test_what_is_not_audio_is_a_decode_error(data: bytes) -> None:
    with pytest.raises(codec.DecodeError):
        codec.decode(data)


def test_a_truncated_file_is_read_as_far_as_it_goes_or_refused() -> None:
    whole = encoded(tone(2.0), 16_000)
    assert codec.decode(whole[: len(whole) // 2]).duration == pytest.approx(1.0, abs=0.05)
    with pytest.raises(codec.DecodeError):
        codec.decode(whole[:40])


def test_retime_changes_duration_not_rate() -> None:
    samples = tone(2.0, 22_050)
    assert codec.retime(samples, 22_050).size == 48_000
    assert codec.retime(samples, 22_050, tempo=2.0).size == pytest.approx(24_000, rel=0.02)
    assert codec.retime(samples[:0], 22_050).size == 0
