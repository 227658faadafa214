"""The one seedable source of randomness.

Every random choice in the mock derives from ``(seed, *parts)`` through SHA-256, never from
Python's ``hash()`` (salted per process) or a global RNG, so the same request under the same
seed gives the same bytes in any process on any machine.
"""

from __future__ import annotations

import hashlib
import random

import numpy as np

_SEP = b"\x1f"


def digest(seed: int, *parts: str | bytes | int) -> bytes:
    """A 32-byte digest of the seed and the parts, stable across processes and machines."""
    h = hashlib.sha256(str(seed).encode())
    for part in parts:
        h.update(_SEP)
        if isinstance(part, bytes):
            h.update(part)
        else:
            h.update(str(part).encode("utf-8"))
    return h.digest()


def derive_int(seed: int, *parts: str | bytes | int) -> int:
    """A 64-bit integer derived from the seed and the parts."""
    return int.from_bytes(digest(seed, *parts)[:8], "big")


def derive(seed: int, *parts: str | bytes | int) -> random.Random:
    """A ``random.Random`` seeded from the seed and the parts (Mersenne Twister is portable)."""
    return random.Random(derive_int(seed, *parts))


def derive_numpy(seed: int, *parts: str | bytes | int) -> np.random.Generator:
    """A numpy Generator (PCG64, portable across platforms) seeded from the seed and the parts."""
    return np.random.Generator(np.random.PCG64(derive_int(seed, *parts)))
