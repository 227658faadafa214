"""Stream obfuscation: the padding the real API adds to each streamed delta (an
``obfuscation`` field) to even out payload sizes, a side-channel mitigation. Shared by every
stream that sends it (chat chunks, Responses delta events)."""

from __future__ import annotations

import hashlib

from ..randomness import digest

OBFUSCATION_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


_OBFUSCATION_TABLE = bytes(
    ord(OBFUSCATION_ALPHABET[i % len(OBFUSCATION_ALPHABET)]) for i in range(256)
)


class Obfuscator:
    """Padding that evens out chunk sizes (the API's side-channel mitigation): random letters
    and digits, longer for shorter content. One seeded pool per stream keeps it cheap."""

    POOL = 1024

    def __init__(self, seed: int, completion_id: str) -> None:
        # One seeded XOF output, mapped byte by byte onto the alphabet: no per-char Python loop.
        raw = hashlib.shake_256(digest(seed, "obfuscation", completion_id)).digest(self.POOL + 64)
        self._pool = raw[: self.POOL].translate(_OBFUSCATION_TABLE)
        self._lengths = [b % 4 for b in raw[self.POOL :]]

    def pad_bytes(self, position: int, visible: int) -> bytes:
        """The padding of the chunk at ``position``, as the ASCII bytes its frame holds."""
        length = max(1, 16 - visible % 16) + self._lengths[position % 64]
        start = (position * 61) % (self.POOL - 24)
        return self._pool[start : start + length]
