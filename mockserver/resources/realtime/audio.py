"""The session's audio, all PCM16 mono at 24 kHz inside (``formats`` reads and writes G.711):
the reply spoken by the speech generator (eSpeak NG, already at 24 kHz), what an appended
buffer says (the words of the mock's own speech, carried in its low bits, else a seeded
transcript as long as the audio), and server VAD over the buffer's real energy (numpy).

Tokens as the Realtime API counts audio: one per 100 ms of user audio, one per 50 ms of the
model's."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...generate.audio import speech, tag, transcript
from .config import RATE

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

BYTES_PER_MS = RATE * 2 // 1000
# Audio per response.output_audio.delta: 100 ms.
DELTA_MS = 100
USER_AUDIO_TOKENS_PER_SECOND = 10
MODEL_AUDIO_TOKENS_PER_SECOND = 20
# VAD frames of 10 ms; the threshold (0-1) maps onto a level in dBFS: 0.5 is -40 dBFS, far
# below speech (eSpeak's voices sit near -20 dBFS) and above a quiet room's noise.
FRAME_MS = 10
DEFAULT_THRESHOLD = 0.5
QUIETEST_DB = -60.0
DB_PER_THRESHOLD = 40.0


def milliseconds(data: bytes) -> float:
    return len(data) / BYTES_PER_MS


def spoken(text: str, voice: str, speed: float = 1.0) -> bytes:
    """``text`` said by ``voice``: little-endian PCM16 at 24 kHz, the words in its low bits."""
    return speech.speak(text, voice, speed=speed).samples.astype("<i2").tobytes()


def tagged_words(samples: npt.NDArray[np.int16]) -> str | None:
    """The mock's words in the low bits of ``samples``, wherever they begin (a client may send
    silence before the speech it got from the mock), or None."""
    import numpy as np

    bits = (samples & 1).astype(np.uint8).tobytes()
    magic = np.unpackbits(np.frombuffer(tag.MAGIC, dtype=np.uint8)).tobytes()
    found = bits.find(magic)
    if found < 0:
        return None
    words = tag.extract(samples[found:].astype("<i2").tobytes())
    return None if words is None else words.strip()


def words_in(data: bytes) -> str | None:
    """The mock's words in PCM16 ``data`` (None: none)."""
    import numpy as np

    return tagged_words(np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2"))


def heard(data: bytes, seed: int, words: str | None = None) -> str:
    """What PCM16 ``data`` says: the mock's own speech gives its words back exactly (``words``
    when they were found elsewhere, as in G.711 codes); audio with no frame loud enough to be
    speech says nothing (the real API transcribes a commit of silence as ""); other audio gets
    a seeded transcript as long as it is."""
    if words is None:
        words = words_in(data)
    if words is not None:
        return words
    if not any(speech_frames(data, DEFAULT_THRESHOLD)):
        return ""
    return transcript.synthetic(milliseconds(data) / 1000, seed, data)


def user_audio_tokens(data: bytes) -> int:
    return int(milliseconds(data) / 1000 * USER_AUDIO_TOKENS_PER_SECOND)


def model_audio_tokens(data: bytes) -> int:
    return model_audio_tokens_of(len(data))


def model_audio_tokens_of(size: int) -> int:
    """The tokens of ``size`` bytes of the model's audio."""
    return math.ceil(size / BYTES_PER_MS / 1000 * MODEL_AUDIO_TOKENS_PER_SECOND)


@dataclass(frozen=True)
class Turn:
    """Speech found in the buffer: where it starts (with the prefix padding) and, once the
    silence after it is long enough, where it stops (with that silence), in ms of the buffer."""

    start_ms: int
    end_ms: int | None


def speech_frames(data: bytes, threshold: float) -> list[bool]:
    """For each 10 ms frame, whether its RMS level is above the threshold's."""
    import numpy as np

    samples = np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2").astype(np.float64)
    size = RATE * FRAME_MS // 1000
    count = samples.size // size
    if count == 0:
        return []
    frames = samples[: count * size].reshape(count, size) / 32768.0
    rms = np.sqrt(np.mean(frames * frames, axis=1))
    level = QUIETEST_DB + DB_PER_THRESHOLD * threshold
    with np.errstate(divide="ignore"):
        db = 20 * np.log10(rms)
    return [bool(loud) for loud in db > level]


def detect(data: bytes, threshold: float, prefix_ms: int, silence_ms: int) -> Turn | None:
    """The first turn of speech in ``data`` (None: no speech yet)."""
    frames = speech_frames(data, threshold)
    try:
        first = frames.index(True)
    except ValueError:
        return None
    start = max(0, first * FRAME_MS - prefix_ms)
    quiet = 0
    for k in range(first, len(frames)):
        quiet = 0 if frames[k] else quiet + FRAME_MS
        if quiet >= silence_ms:
            return Turn(start, (k + 1) * FRAME_MS)
    return Turn(start, None)
