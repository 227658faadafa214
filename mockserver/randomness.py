"""The one seedable source of randomness.

Every random choice in the mock derives from ``(seed, *parts)`` through SHA-256, never from
Python's ``hash()`` (salted per process) or a global RNG, so the same request under the same
seed gives the same bytes in any process on any machine.

numpy is imported where it is used, not here: most requests need none of it, and importing it
is a third of the server's start-up.
"""

from __future__ import annotations

import hashlib
import random
from typing import TYPE_CHECKING

_SEP = b"\x1f"

if TYPE_CHECKING:
    from hashlib import _Hash as Hasher  # sha256's object type, private to hashlib

    import numpy as np
    import numpy.typing as npt


def _message(head: bytes, parts: tuple[str | bytes | int, ...]) -> bytes:
    """``head``, then each part after a 0x1f separator: the bytes a digest here is taken of.

    An int is its decimal digits (not a bool: str(True) is 'True'), bytes are themselves,
    anything else its ``str`` in UTF-8. Joined once and hashed by one call: a hash object
    updated per part cost twice as much, and a request derives several seeds."""
    data = [head]
    for part in parts:
        if type(part) is str:
            data.append(part.encode())
        elif type(part) is int:
            data.append(b"%d" % part)
        else:
            data.append(part if isinstance(part, bytes) else str(part).encode())
    return _SEP.join(data)


def hasher(seed: int, *parts: str | bytes | int) -> Hasher:
    """The SHA-256 state after the seed and the parts; ``extend(hasher(s, *a), *b)`` equals
    ``digest(s, *a, *b)``, so a hot path can hash a shared prefix once and copy it."""
    return hashlib.sha256(_message(str(seed).encode(), parts))


def extend(prefix: Hasher, *parts: str | bytes | int) -> bytes:
    """The digest of ``prefix`` followed by the parts; ``prefix`` itself is left as it was."""
    h = prefix.copy()
    h.update(_message(b"", parts))
    return h.digest()


def digest(seed: int, *parts: str | bytes | int) -> bytes:
    """A 32-byte digest of the seed and the parts, stable across processes and machines."""
    return hashlib.sha256(_message(str(seed).encode(), parts)).digest()


def derive_int(seed: int, *parts: str | bytes | int) -> int:
    """A 64-bit integer derived from the seed and the parts."""
    return int.from_bytes(digest(seed, *parts)[:8], "big")


def derive(seed: int, *parts: str | bytes | int) -> random.Random:
    """A ``random.Random`` seeded from the seed and the parts (Mersenne Twister is portable)."""
    return random.Random(derive_int(seed, *parts))


def derive_numpy(seed: int, *parts: str | bytes | int) -> np.random.Generator:
    """A numpy Generator (PCG64, portable across platforms) seeded from the seed and the parts."""
    import numpy as np

    return np.random.Generator(np.random.PCG64(derive_int(seed, *parts)))


# SplitMix64 (Steele, Lea and Flood): a Weyl sequence through Stafford's "mix 13" finaliser.
_GAMMA = 0x9E3779B97F4A7C15
_MIX1 = 0xBF58476D1CE4E5B9
_MIX2 = 0x94D049BB133111EB
_U64 = (1 << 64) - 1


def splitmix64(key: int, counters: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """64 random bits per counter, in bulk: output number ``counter`` of SplitMix64 started at
    the 64-bit ``key`` (e.g. a ``derive_int``). ``counters`` is overwritten.

    Counters that encode what a value belongs to (say position, token and column) make each
    value a pure function of those, whatever else is drawn beside it. Integer arithmetic
    modulo 2**64: the same bits on any machine and any numpy version.
    """
    z = counters  # uint64: Python integers in its range take its type (numpy 2)
    z *= _GAMMA
    z += (key + _GAMMA) & _U64
    z ^= z >> 30
    z *= _MIX1
    z ^= z >> 27
    z *= _MIX2
    z ^= z >> 31
    return z
