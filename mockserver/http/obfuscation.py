"""Stream obfuscation: the padding the real API adds to each streamed delta (an
``obfuscation`` field) to even out payload sizes, a side-channel mitigation. Shared by every
stream that sends it (chat chunks, Responses delta events)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from ..randomness import digest

OBFUSCATION_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


_OBFUSCATION_TABLE = bytes(
    ord(OBFUSCATION_ALPHABET[i % len(OBFUSCATION_ALPHABET)]) for i in range(256)
)
# A byte of the XOF as a padding's 0 to 3 extra characters.
_EXTRA_TABLE = bytes(i % 4 for i in range(256))


class Obfuscator:
    """Padding that evens out chunk sizes (the API's side-channel mitigation): random letters
    and digits, longer for shorter content. One seeded pool per stream keeps it cheap."""

    POOL = 1024
    # Where a padding may start: at most 19 characters (16 + 3) fit before the pool's end.
    STARTS = POOL - 24

    def __init__(self, seed: int, completion_id: str) -> None:
        # One seeded XOF output, mapped byte by byte onto the alphabet and onto the 64 extra
        # lengths (bytes, whose items are ints): no per-byte Python loop.
        raw = hashlib.shake_256(digest(seed, "obfuscation", completion_id)).digest(self.POOL + 64)
        self._pool = raw[: self.POOL].translate(_OBFUSCATION_TABLE)
        self._extra = raw[self.POOL :].translate(_EXTRA_TABLE)

    def pad_bytes(self, position: int, visible: int) -> bytes:
        """The padding of the chunk at ``position`` whose content is ``visible`` characters
        long, as the ASCII bytes its frame holds: 1 to 16 characters that round the content up
        to a multiple of 16, plus 0 to 3 drawn for the position."""
        length = 16 - visible % 16 + self._extra[position % 64]
        start = position * 61 % self.STARTS
        return self._pool[start : start + length]

    def framed(
        self,
        first: int,
        deltas: Sequence[tuple[bytes, int]],
        before: bytes,
        between: bytes,
        after: bytes,
    ) -> list[bytes]:
        """``before + text + between + padding + after`` for each ``(text, visible length)``
        of ``deltas``, padded as ``pad_bytes`` pads consecutive positions from ``first``: a
        stream's padded frames in one pass (a stream pads every token), each position's start
        and extra length taken from tables sliced in C rather than worked out one by one."""
        count = len(deltas)
        if first + count > len(_PAD_STARTS):  # a stream longer than a thousand chunks
            return [
                b"".join((before, text, between, self.pad_bytes(first + k, visible), after))
                for k, (text, visible) in enumerate(deltas)
            ]
        starts = _PAD_STARTS[first : first + count]
        skip = first % 64
        extras = (self._extra * (2 + count // 64))[skip : skip + count]
        pool = self._pool
        return [
            b"".join(
                (before, text, between, pool[start : start + 16 - visible % 16 + extra], after)
            )
            for (text, visible), start, extra in zip(deltas, starts, extras, strict=True)
        ]


# Where the padding at each position starts in the pool (``pad_bytes``'s rule as a table).
_PAD_STARTS = [position * 61 % Obfuscator.STARTS for position in range(Obfuscator.STARTS)]
