"""Audio files made with FFmpeg for the tests: the mock's uploads as a client's recorder or
another tool would write them (any rate, any layout), not the mock's own speech."""

from __future__ import annotations

import io

import av
import numpy as np


def tone(seconds: float, rate: int = 16_000, hz: float = 440.0) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (np.sin(2 * np.pi * hz * t) * 8000).astype(np.int16)


def encoded(
    samples: np.ndarray, rate: int, *, fmt: str = "wav", codec: str = "pcm_s16le",
    layout: str = "mono",
) -> bytes:  # fmt: skip
    """16-bit mono ``samples`` (copied to each channel of ``layout``) as a ``fmt`` file."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format=fmt) as out:
        stream = out.add_stream(codec, rate=rate, layout=layout)
        channels = 2 if layout == "stereo" else 1
        interleaved = np.repeat(samples, channels).reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(interleaved, format="s16", layout=layout)
        frame.sample_rate = rate
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return buffer.getvalue()


def tone_wav(seconds: float, rate: int = 16_000) -> bytes:
    return encoded(tone(seconds, rate, 330.0), rate)
