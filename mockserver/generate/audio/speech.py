"""Speech that says the words: eSpeak NG reads the input in the request's voice and speed,
FFmpeg brings it to 24 kHz, and the file of the asked format carries the words (``tag``).

Each OpenAI voice is one eSpeak NG variant at one pitch, so the voices sound apart; the
language follows the text (Korean text is read by the Korean voice, anything else by US
English). ``speed`` goes first to eSpeak's words per minute (80-450) and the rest, past those
limits, to FFmpeg's atempo: the duration shrinks as the speed grows, the pitch stays.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..text import detect_language
from . import codec, espeak, tag

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# voice: (eSpeak NG variant, pitch 0-100); the SDK's Voice literal, in its order.
VOICES: Mapping[str, tuple[str, int]] = {
    "alloy": ("m1", 55),
    "ash": ("m3", 40),
    "ballad": ("m4", 46),
    "coral": ("f1", 64),
    "echo": ("m2", 45),
    "sage": ("f4", 58),
    "shimmer": ("f3", 70),
    "verse": ("m5", 50),
    "marin": ("f5", 62),
    "cedar": ("m7", 36),
    "fable": ("m6", 52),
    "onyx": ("m8", 30),
    "nova": ("f2", 68),
}
LANGUAGES = {"en": "en-us", "ko": "ko"}
# The shortest file sent: a request of nothing but spaces or punctuation still gets audio.
MIN_SECONDS = 0.25
# Words in ``instructions`` (gpt-4o-mini-tts) that change the delivery: (tempo, pitch change).
INSTRUCTION_WORDS: Mapping[str, tuple[float, int]] = {
    "slow": (0.8, 0), "slowly": (0.8, 0), "calm": (0.9, -5), "fast": (1.2, 0),
    "quickly": (1.2, 0), "excited": (1.1, 10), "cheerful": (1.05, 8), "high": (1.0, 15),
    "deep": (1.0, -15), "low": (1.0, -10), "sad": (0.9, -8),
}  # fmt: skip


@dataclass(frozen=True)
class Speech:
    samples: npt.NDArray[np.int16]  # mono, codec.SPEECH_RATE, the text in the low bits

    @property
    def seconds(self) -> float:
        return float(self.samples.size) / codec.SPEECH_RATE


def _delivery(instructions: str | None) -> tuple[float, int]:
    tempo, pitch = 1.0, 0
    for word in (instructions or "").lower().replace(",", " ").replace(".", " ").split():
        change = INSTRUCTION_WORDS.get(word)
        if change is not None:
            tempo *= change[0]
            pitch += change[1]
    return max(0.5, min(2.0, tempo)), pitch


def speak(text: str, voice: str, *, speed: float = 1.0, instructions: str | None = None) -> Speech:
    """``text`` spoken by the OpenAI ``voice`` at ``speed`` (0.25-4.0)."""
    import numpy as np

    variant, pitch = VOICES[voice]
    tempo, pitch_change = _delivery(instructions)
    language = LANGUAGES.get(detect_language(text), "en-us")
    wanted = espeak.DEFAULT_RATE * speed * tempo
    rate = round(max(espeak.MIN_RATE, min(espeak.MAX_RATE, wanted)))
    raw = espeak.synthesize(
        text, f"{language}+{variant}", rate=rate, pitch=max(0, min(100, pitch + pitch_change))
    )
    samples = codec.retime(raw, espeak.SAMPLE_RATE, tempo=wanted / rate)
    shortest = int(MIN_SECONDS * codec.SPEECH_RATE)
    if samples.size < shortest:
        samples = np.concatenate([samples, np.zeros(shortest - samples.size, dtype=np.int16)])
    return Speech(tag.embed(samples, text))


def render(speech: Speech, response_format: str, text: str) -> bytes:
    """The speech as a file of ``response_format``, tagged with ``text``."""
    return codec.encode(speech.samples, response_format, {tag.KEY: text})
