"""What a transcription model "hears" in an upload, and the timeline of its words.

Speech the mock made carries its words (``tag``): they come back exactly. Any other audio gets
a deterministic transcript, from the seed and the file's bytes, whose length follows the
decoded duration (about 2.5 words a second, as in ordinary speech); a clip shorter than half
a second holds no words.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from ... import randomness
from ..text import detect_language
from . import tag
from .codec import Decoded

WORDS_PER_SECOND = 2.5
MIN_SPEECH_SECONDS = 0.5
# The longest segment, as Whisper cuts them (its window is 30 seconds).
SEGMENT_SECONDS = 30.0
VOCABULARY = (
    "the", "a", "we", "you", "they", "it", "this", "that", "today", "here", "now", "then",
    "think", "know", "see", "make", "take", "look", "talk", "work", "start", "find", "keep",
    "good", "new", "small", "long", "early", "next", "last", "clear", "simple", "quiet",
    "meeting", "plan", "idea", "question", "answer", "project", "team", "week", "morning",
    "sound", "voice", "story", "point", "moment", "list", "part", "example", "reason",
    "about", "with", "from", "into", "over", "after", "before", "again", "really", "maybe",
)  # fmt: skip
_SENTENCE_END = re.compile(r"(?<=[.!?。？！])\s+")


@dataclass(frozen=True)
class Heard:
    text: str
    language: str  # ISO-639-1
    duration: float
    from_speech: bool  # speech the mock made, its words recovered


@dataclass(frozen=True)
class Word:
    word: str
    start: float
    end: float


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str
    words: tuple[Word, ...]


def synthetic(duration: float, seed: int, data: bytes) -> str:
    """Sentences of 5-11 words from ``VOCABULARY``, as many words as ``duration`` holds."""
    count = round(duration * WORDS_PER_SECOND) if duration >= MIN_SPEECH_SECONDS else 0
    rng = randomness.derive(seed, "transcript", randomness.digest(0, data))
    sentences: list[str] = []
    while count > 0:
        size = min(count, rng.randint(5, 11))
        words = [rng.choice(VOCABULARY) for _ in range(size)]
        sentences.append(" ".join(words).capitalize() + ".")
        count -= size
    return " ".join(sentences)


def hear(decoded: Decoded, data: bytes, seed: int) -> Heard:
    """The words in the upload: the mock's own (tag, then low bits), else ``synthetic``."""
    text = tag.from_tags(decoded.tags)
    if text is None and decoded.head:
        text = tag.extract(decoded.head)
    if text is not None:
        return Heard(text.strip(), detect_language(text), decoded.duration, True)
    return Heard(synthetic(decoded.duration, seed, data), "en", decoded.duration, False)


def _sentences(text: str) -> list[list[str]]:
    out: list[list[str]] = []
    for sentence in _SENTENCE_END.split(text.strip()):
        words = sentence.split()
        while words:
            out.append(words[:60])
            words = words[60:]
    return out


def timeline(text: str, duration: float) -> list[Segment]:
    """The words spread over ``duration`` in proportion to their length (a short pause after
    each), grouped in segments of a sentence each, split where one runs past 30 seconds."""
    sentences = _sentences(text)
    weights = [len(w) + 1 for s in sentences for w in s]
    total = sum(weights) or 1
    scale = duration / total
    segments: list[Segment] = []
    position = 0
    for sentence in sentences:
        words: list[Word] = []
        for spoken in sentence:
            start = position * scale
            position += len(spoken) + 1
            end = (position - 1) * scale
            words.append(Word(spoken, round(start, 2), round(end, 2)))
        pieces: list[list[Word]] = [[]]
        for word in words:
            if pieces[-1] and word.end - pieces[-1][0].start > SEGMENT_SECONDS:
                pieces.append([])
            pieces[-1].append(word)
        for piece in pieces:
            line = " ".join(w.word for w in piece)
            segments.append(Segment(piece[0].start, piece[-1].end, line, tuple(piece)))
    return segments


def compression_ratio(text: str) -> float:
    """What Whisper reports: the text's length over its zlib-compressed length."""
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data)) if data else 0.0


def _clock(seconds: float, separator: str) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def srt(segments: list[Segment]) -> str:
    """SubRip, as Whisper writes it: numbered cues, ``HH:MM:SS,mmm``, a blank line after each."""
    return "".join(
        f"{i}\n{_clock(s.start, ',')} --> {_clock(s.end, ',')}\n{s.text}\n\n"
        for i, s in enumerate(segments, 1)
    )


def vtt(segments: list[Segment]) -> str:
    """WebVTT: the header, then a cue per segment with ``HH:MM:SS.mmm`` times."""
    cues = "".join(
        f"{_clock(s.start, '.')} --> {_clock(s.end, '.')}\n{s.text}\n\n" for s in segments
    )
    return "WEBVTT\n\n" + cues
