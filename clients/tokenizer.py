"""Counting tokens with tiktoken, the seed's tokenizer lessons.

Encodings load through tiktoken itself (its cache, ``TIKTOKEN_CACHE_DIR``, or a download),
exactly as a user's own code would.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import tiktoken

DEFAULT_ENCODING = "cl100k_base"  # the seed's
FALLBACK_ENCODING = "o200k_base"  # what current models use, for a name tiktoken doesn't know


def encoding(name: str = DEFAULT_ENCODING) -> tiktoken.Encoding:
    """An encoding by its name (``cl100k_base``)."""
    return tiktoken.get_encoding(name)


def encoding_for_model(model: str) -> tiktoken.Encoding:
    """The encoding a model uses; a model tiktoken does not know gets ``o200k_base``."""
    try:
        return tiktoken.encoding_for_model(model)
    except KeyError:
        return tiktoken.get_encoding(FALLBACK_ENCODING)


def count_tokens(text: str, enc: tiktoken.Encoding) -> int:
    # disallowed_special=(): text that merely contains "<|endoftext|>" is counted as text.
    return len(enc.encode(text, disallowed_special=()))


@dataclass(frozen=True)
class Piece:
    token: int
    raw: bytes  # a token is bytes: a Korean syllable's three UTF-8 bytes may span tokens

    @property
    def text(self) -> str:
        return self.raw.decode("utf-8", errors="replace")


def pieces(text: str, enc: tiktoken.Encoding) -> list[Piece]:
    """Each token of ``text`` beside the bytes it stands for (``decode_tokens_bytes``)."""
    tokens = enc.encode(text, disallowed_special=())
    return [
        Piece(token, raw)
        for token, raw in zip(tokens, enc.decode_tokens_bytes(tokens), strict=True)
    ]


@dataclass(frozen=True)
class TextStats:
    text: str
    characters: int
    utf8_bytes: int
    tokens: int

    @property
    def bytes_per_token(self) -> float:
        return self.utf8_bytes / self.tokens if self.tokens else 0.0


def compare(texts: Iterable[str], enc: tiktoken.Encoding) -> list[TextStats]:
    """Characters, bytes and tokens side by side: Korean costs more tokens per character."""
    return [
        TextStats(text, len(text), len(text.encode("utf-8")), count_tokens(text, enc))
        for text in texts
    ]


# The seed's two examples.
SEED_TEXTS: Sequence[str] = ("Good Morning", "독도는 우리땅")
