"""Audio in and out through FFmpeg's libraries (PyAV): resampling and tempo, the six speech
formats, and the decoding of any upload. Nothing here writes a codec by hand.

Every muxer and encoder runs with FFmpeg's ``bitexact`` flags: no library version string, and
the Ogg stream serial number fixed instead of random, so the same samples give the same bytes.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# The rate of every speech format but Opus, as the real API sends it: 24 kHz, 16-bit mono.
SPEECH_RATE = 24_000
# (muxer, encoder, muxer options) per response_format; pcm is the raw samples, no container.
# Opus travels in Ogg (its decoders always play at 48 kHz); AAC as ADTS, with an ID3v2 tag in
# front for the metadata (FFmpeg's and browsers' AAC readers skip it).
FORMATS: Mapping[str, tuple[str, str, Mapping[str, str]]] = {
    "mp3": ("mp3", "libmp3lame", {}),
    "opus": ("ogg", "libopus", {}),
    "aac": ("adts", "aac", {"write_id3v2": "1"}),
    "flac": ("flac", "flac", {}),
    "wav": ("wav", "pcm_s16le", {}),
}
BITRATES = {"mp3": 64_000, "opus": 32_000, "aac": 64_000}
# Faster settings than the encoders' defaults, for speech at these bit rates no worse to hear:
# LAME's quality 7 (of 0-9), Opus's complexity 5 (of 10), FFmpeg AAC's fast coder.
ENCODER_OPTIONS: Mapping[str, Mapping[str, str]] = {
    "libmp3lame": {"compression_level": "7"},
    "libopus": {"compression_level": "5"},
    "aac": {"aac_coder": "fast"},
}
# Lossless decoders whose first samples are kept for ``Decoded.head`` (see ``tag``).
LOSSLESS = frozenset({"pcm_s16le", "flac"})
HEAD_SAMPLES = 200_000
# Samples per frame for the encoders that take any size (FLAC, PCM).
FRAME_SAMPLES = 4608


class DecodeError(ValueError):
    """The bytes are not audio FFmpeg can read."""


def _frames_of(graph: Any) -> list[npt.NDArray[np.int16]]:
    import av

    out: list[npt.NDArray[np.int16]] = []
    while True:
        try:
            frame = graph.pull()
        except (av.BlockingIOError, av.EOFError):
            return out
        out.append(frame.to_ndarray().reshape(-1))


def retime(
    samples: npt.NDArray[np.int16], rate: int, *, tempo: float = 1.0, to_rate: int = SPEECH_RATE
) -> npt.NDArray[np.int16]:
    """Mono 16-bit ``samples`` at ``rate`` played ``tempo`` times faster without a change of
    pitch (FFmpeg's atempo, 0.5-100), resampled to ``to_rate``."""
    import av
    import av.filter
    import numpy as np

    if samples.size == 0:
        return samples
    graph = av.filter.Graph()
    chain = [graph.add_abuffer(format="s16", sample_rate=rate, layout="mono",
                               time_base=Fraction(1, rate))]  # fmt: skip
    if abs(tempo - 1.0) > 1e-9:
        chain.append(graph.add("atempo", f"{tempo:.6f}"))
    chain.append(graph.add("aresample", str(to_rate)))
    chain.append(graph.add("aformat", "sample_fmts=s16:channel_layouts=mono"))
    chain.append(graph.add("abuffersink"))
    for a, b in itertools.pairwise(chain):
        a.link_to(b)
    graph.configure()
    frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
    frame.sample_rate = rate
    frame.pts = 0
    frame.time_base = Fraction(1, rate)
    graph.push(frame)
    graph.push(None)
    frames = _frames_of(graph)
    return np.concatenate(frames) if frames else np.zeros(0, dtype=np.int16)


def encode(samples: npt.NDArray[np.int16], response_format: str, tags: Mapping[str, str]) -> bytes:
    """Mono 16-bit ``samples`` at ``SPEECH_RATE`` as a file of ``response_format`` with the
    metadata ``tags`` (pcm: the bare little-endian samples, which have no place for tags)."""
    import av

    if response_format == "pcm":
        return samples.astype("<i2").tobytes()
    muxer, codec, options = FORMATS[response_format]
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format=muxer, options={"fflags": "+bitexact", **options}) as out:
        out.metadata.update(tags)
        stream: Any = out.add_stream(codec, rate=SPEECH_RATE, layout="mono")
        # Ogg writes the stream's tags as its Vorbis comments, the others the container's.
        stream.metadata.update(tags)
        if response_format in BITRATES:
            stream.bit_rate = BITRATES[response_format]
        stream.codec_context.options = {"flags": "+bitexact", **ENCODER_OPTIONS.get(codec, {})}
        # Frames of the encoder's own size (PyAV re-buffers one huge frame very slowly).
        step = stream.codec_context.frame_size or FRAME_SAMPLES
        for start in range(0, samples.size, step):
            piece = samples[start : start + step].reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(piece, format="s16", layout="mono")
            frame.sample_rate = SPEECH_RATE
            frame.pts = start
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return buffer.getvalue()


@dataclass(frozen=True)
class Decoded:
    """What decoding an upload found: its container and codec, the decoded duration, the tags
    of container and stream, and (lossless 16-bit only) the first samples of channel 0."""

    container: str
    codec: str
    sample_rate: int
    duration: float
    tags: Mapping[str, str] = field(default_factory=dict)
    head: bytes = b""


def decode(data: bytes) -> Decoded:
    """Decode every frame of the first audio stream of ``data`` (the duration is what the
    decoder gives, not a guess from the size), or ``DecodeError``."""
    import av

    try:
        with av.open(io.BytesIO(data), mode="r") as container:
            if not container.streams.audio:
                raise DecodeError("no audio stream")
            stream = container.streams.audio[0]
            codec = stream.codec_context.name
            tags = {**dict(container.metadata), **dict(stream.metadata)}
            keep = codec in LOSSLESS
            samples = 0
            rate = 0
            head: list[bytes] = []
            kept = 0
            for frame in container.decode(stream):
                rate = rate or frame.sample_rate
                samples += frame.samples
                if keep and kept < HEAD_SAMPLES and frame.format.name in ("s16", "s16p"):
                    channel = (
                        frame.to_ndarray()[0]
                        if frame.format.is_planar
                        else (frame.to_ndarray().reshape(-1)[:: len(frame.layout.channels)])
                    )
                    head.append(channel[: HEAD_SAMPLES - kept].astype("<i2").tobytes())
                    kept += min(channel.size, HEAD_SAMPLES - kept)
            name = container.format.name
    except DecodeError:
        raise
    except (av.FFmpegError, ValueError, IndexError, OSError) as exc:
        raise DecodeError(str(exc)) from None
    if samples == 0 or rate <= 0:
        raise DecodeError("no audio frames")
    return Decoded(name, codec, rate, samples / rate, tags, b"".join(head))
