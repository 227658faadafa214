"""The session's audio formats at its edges: PCM16 mono at 24 kHz (``audio/pcm``, beta
``pcm16``), the mock's own, and G.711 at 8 kHz, u-law (``audio/pcmu``, beta ``g711_ulaw``) and
A-law (``audio/pcma``, beta ``g711_alaw``), the telephone formats. Inside the session all audio
is PCM16 24 kHz: appended and created audio is read in the input format, the reply's deltas
are written in the output format. G.711 goes through FFmpeg's ``pcm_mulaw`` / ``pcm_alaw``
codecs and its resampler (PyAV); nothing here is a codec written by hand.

The words of the mock's speech travel in G.711 as they do in PCM (``generate/audio/tag``): in
the least significant bit of the first codes, one quantisation step at most (the codec's own
noise), so the mock's spoken reply, sent back as input in the same format, is heard as its
words."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ...generate.audio import tag
from .audio import tagged_words
from .config import RATE

if TYPE_CHECKING:
    import av

PCM_TYPE = "audio/pcm"
# GA format type -> FFmpeg's codec.
G711: Mapping[str, str] = {"audio/pcmu": "pcm_mulaw", "audio/pcma": "pcm_alaw"}
G711_RATE = 8_000
# The code of a zero sample in each law (what pads codes too few to carry the words).
G711_SILENCE: Mapping[str, int] = {"pcm_mulaw": 0xFF, "pcm_alaw": 0xD5}
PCM_BYTES_PER_MS = RATE * 2 // 1000
G711_BYTES_PER_MS = G711_RATE // 1000


def codec_of(fmt: Mapping[str, Any]) -> str | None:
    """The G.711 codec of a GA format object (None: PCM16)."""
    return G711.get(str(fmt.get("type", PCM_TYPE)))


def bytes_per_ms(fmt: Mapping[str, Any]) -> int:
    return PCM_BYTES_PER_MS if codec_of(fmt) is None else G711_BYTES_PER_MS


def milliseconds(data: bytes, fmt: Mapping[str, Any]) -> float:
    return len(data) / bytes_per_ms(fmt)


def _resampled(frames: list[av.AudioFrame], rate: int) -> list[av.AudioFrame]:
    import av

    resampler = av.AudioResampler(format="s16", layout="mono", rate=rate)
    out: list[av.AudioFrame] = []
    for frame in frames:
        out.extend(resampler.resample(frame))
    out.extend(resampler.resample(None))
    return out


def _samples(frames: list[av.AudioFrame]) -> bytes:
    return b"".join(bytes(frame.planes[0])[: frame.samples * 2] for frame in frames)


def to_pcm(data: bytes, fmt: Mapping[str, Any]) -> bytes:
    """Audio in ``fmt`` as PCM16 24 kHz."""
    codec = codec_of(fmt)
    if codec is None or not data:
        return data
    import av

    decoder: Any = av.CodecContext.create(codec, "r")
    decoder.sample_rate = G711_RATE
    decoder.layout = "mono"
    return _samples(_resampled(list(decoder.decode(av.Packet(data))), RATE))


def from_pcm(pcm: bytes, fmt: Mapping[str, Any], words: str | None = None) -> bytes:
    """PCM16 24 kHz ``pcm`` in ``fmt``; G.711 carries ``words`` (the mock's) in its codes."""
    codec = codec_of(fmt)
    if codec is None or not pcm:
        return pcm
    import av
    import numpy as np

    samples = np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2").reshape(1, -1)
    frame = av.AudioFrame.from_ndarray(samples, format="s16", layout="mono")
    frame.sample_rate = RATE
    frame.pts = 0
    frame.time_base = Fraction(1, RATE)
    encoder: Any = av.CodecContext.create(codec, "w")
    encoder.sample_rate = G711_RATE
    encoder.layout = "mono"
    encoder.format = "s16"
    encoder.open()
    packets = [p for f in _resampled([frame], G711_RATE) for p in encoder.encode(f)]
    packets += encoder.encode(None)
    codes = b"".join(bytes(p) for p in packets)
    if words is None:
        return codes
    needed = len(tag.payload(words)) * 8
    codes += bytes([G711_SILENCE[codec]]) * max(needed - len(codes), 0)
    # The tag works on 16-bit samples: each code rides in one, its low bit the tag's.
    wide = tag.embed(np.frombuffer(codes, dtype=np.uint8).astype(np.int16), words)
    return wide.astype(np.uint8).tobytes()


def words(data: bytes, fmt: Mapping[str, Any]) -> str | None:
    """The mock's words in G.711 codes (None: none, or not G.711)."""
    if codec_of(fmt) is None:
        return None
    import numpy as np

    return tagged_words(np.frombuffer(data, dtype=np.uint8).astype(np.int16))
