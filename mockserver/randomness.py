"""The one seedable source of randomness.

Every random choice in the mock derives from ``(seed, *parts)`` through SHA-256, never from
Python's ``hash()`` (salted per process) or a global RNG, so the same request under the same
seed gives the same bytes in any process on any machine.
"""

from __future__ import annotations

import hashlib
import random
from typing import TYPE_CHECKING

import numpy as np

_SEP = b"\x1f"

if TYPE_CHECKING:
    from hashlib import _Hash as Hasher  # sha256's object type, private to hashlib


def _encode(part: str | bytes | int) -> bytes:
    if type(part) is int:  # not bool: str(True) is 'True'
        return b"\x1f%d" % part  # what str(part) gives, without the detour through str
    return _SEP + (part if isinstance(part, bytes) else str(part).encode("utf-8"))


def hasher(seed: int, *parts: str | bytes | int) -> Hasher:
    """The SHA-256 state after the seed and the parts; ``extend(hasher(s, *a), *b)`` equals
    ``digest(s, *a, *b)``, so a hot path can hash a shared prefix once and copy it."""
    h = hashlib.sha256(str(seed).encode())
    for part in parts:
        h.update(_encode(part))
    return h


def extend(prefix: Hasher, *parts: str | bytes | int) -> bytes:
    """The digest of ``prefix`` followed by the parts; ``prefix`` itself is left as it was."""
    h = prefix.copy()
    for part in parts:
        h.update(_encode(part))
    return h.digest()


def digest(seed: int, *parts: str | bytes | int) -> bytes:
    """A 32-byte digest of the seed and the parts, stable across processes and machines."""
    return hasher(seed, *parts).digest()


def derive_int(seed: int, *parts: str | bytes | int) -> int:
    """A 64-bit integer derived from the seed and the parts."""
    return int.from_bytes(digest(seed, *parts)[:8], "big")


def derive(seed: int, *parts: str | bytes | int) -> random.Random:
    """A ``random.Random`` seeded from the seed and the parts (Mersenne Twister is portable)."""
    return random.Random(derive_int(seed, *parts))


def derive_numpy(seed: int, *parts: str | bytes | int) -> np.random.Generator:
    """A numpy Generator (PCG64, portable across platforms) seeded from the seed and the parts."""
    return np.random.Generator(np.random.PCG64(derive_int(seed, *parts)))
