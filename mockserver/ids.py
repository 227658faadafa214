"""Seeded object ids: the n-th id of a kind is a pure function of (seed, prefix, n).

The real API's ids are a prefix and a random tail of letters and digits (``chatcmpl-`` + 29,
``asst_`` + 24, ``file-`` + 22, ``call_`` + 24, ``req_`` + 32 hex).
"""

from __future__ import annotations

import functools
import string
import threading
from collections import defaultdict
from typing import TYPE_CHECKING

from .randomness import digest, extend, hasher

if TYPE_CHECKING:
    from hashlib import _Hash

ALPHANUMERIC = string.ascii_letters + string.digits
HEX = "0123456789abcdef"

# prefix -> (alphabet, length) as the real API writes them.
FORMATS: dict[str, tuple[str, int]] = {
    "chatcmpl-": (ALPHANUMERIC, 29),
    "cmpl-": (ALPHANUMERIC, 29),
    "modr-": (ALPHANUMERIC, 29),
    "call_": (ALPHANUMERIC, 24),
    "asst_": (ALPHANUMERIC, 24),
    "thread_": (ALPHANUMERIC, 24),
    "msg_": (ALPHANUMERIC, 24),
    "run_": (ALPHANUMERIC, 24),
    "step_": (ALPHANUMERIC, 24),
    "file-": (ALPHANUMERIC, 22),
    "ftjob-": (ALPHANUMERIC, 24),
    "ftevent-": (ALPHANUMERIC, 24),
    "ftckpt_": (ALPHANUMERIC, 24),
    "batch_": (ALPHANUMERIC, 24),
    "vs_": (ALPHANUMERIC, 24),
    "req_": (HEX, 32),
    "fp_": (HEX, 10),
}


@functools.cache
def _table(alphabet: str) -> bytes:
    return bytes(ord(alphabet[i % len(alphabet)]) for i in range(256))


def render(seed: int, prefix: str, n: int) -> str:
    return _format(prefix, digest(seed, "id", prefix, n))


def _format(prefix: str, raw: bytes) -> str:
    alphabet, length = FORMATS.get(prefix, (ALPHANUMERIC, 24))
    if alphabet is HEX:
        return prefix + raw.hex()[:length]
    # One digest byte per character, byte b -> alphabet[b % len] (a slight bias no client can
    # observe), done by bytes.translate in C.
    return prefix + raw[:length].translate(_table(alphabet)).decode("ascii")


class IdGenerator:
    """Counts ids per prefix; ``reset`` starts every sequence again."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._counters: defaultdict[str, int] = defaultdict(int)
        self._lock = threading.Lock()
        # The hash state after (seed, "id", prefix), per prefix: each new id then hashes only
        # its number. Same digests as ``render``.
        self._prefixes: dict[str, _Hash] = {}

    def new(self, prefix: str) -> str:
        with self._lock:
            n = self._counters[prefix]
            self._counters[prefix] = n + 1
        base = self._prefixes.get(prefix)
        if base is None:
            base = self._prefixes.setdefault(prefix, hasher(self.seed, "id", prefix))
        return _format(prefix, extend(base, n))

    def reset(self) -> None:
        with self._lock:
            self._counters.clear()
