"""Seeded object ids: the n-th id of a kind is a pure function of (seed, prefix, n).

The real API's ids are a prefix and a random tail of letters and digits (``chatcmpl-`` + 29,
``asst_`` + 24, ``file-`` + 22, ``call_`` + 24, ``req_`` + 32 hex).
"""

from __future__ import annotations

import functools
import itertools
import string
from collections.abc import Callable, Iterator

from .randomness import digest, extend, hasher

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
    "upload_": (ALPHANUMERIC, 24),
    "part_": (ALPHANUMERIC, 24),
    "cp_": (ALPHANUMERIC, 24),
    # The tail of a fine-tuned model's name (ft:<base>:<org>:<suffix>:7p4lURel).
    "ft:": (ALPHANUMERIC, 8),
    "req_": (HEX, 32),
    "resp_": (HEX, 48),
    "conv_": (HEX, 48),
    "fp_": (HEX, 10),
}


@functools.cache
def _table(alphabet: str) -> bytes:
    return bytes(ord(alphabet[i % len(alphabet)]) for i in range(256))


@functools.cache
def _shape(prefix: str) -> tuple[bytes | None, int]:
    """The translation table of a prefix's alphabet (None: hex) and its ids' tail length."""
    alphabet, length = FORMATS.get(prefix, (ALPHANUMERIC, 24))
    return (None if alphabet is HEX else _table(alphabet)), length


def _format(prefix: str, raw: bytes) -> str:
    table, length = _shape(prefix)
    if table is None:
        return prefix + raw.hex()[:length]
    # One digest byte per character, byte b -> alphabet[b % len] (a slight bias no client can
    # observe), done by bytes.translate in C.
    return prefix + raw[:length].translate(table).decode("ascii")


def render(seed: int, prefix: str, n: int) -> str:
    return _format(prefix, digest(seed, "id", prefix, n))


def keyed(seed: int, prefix: str, *parts: str | int) -> str:
    """An id that is a pure function of what it belongs to (a job's n-th event), not of how
    many ids were handed out before: objects computed on every read keep their ids."""
    return _format(prefix, digest(seed, "keyed-id", prefix, *parts))


class _Sequence:
    """The ids of one prefix, numbered from 0. Hashes the shared (seed, "id", prefix) once;
    each id then hashes only its number, giving the digests ``render`` gives."""

    def __init__(self, seed: int, prefix: str, numbers: Iterator[int] | None = None) -> None:
        self.prefix = prefix
        self.base = hasher(seed, "id", prefix)
        # itertools.count: next() on it is atomic under the GIL
        self.numbers = itertools.count() if numbers is None else numbers

    def next(self) -> str:
        return _format(self.prefix, extend(self.base, next(self.numbers)))


# Where a prefix's numbers come from: None counts in this process, from 0.
NumberSource = Callable[[str], Iterator[int] | None]


class IdGenerator:
    """Counts ids per prefix, from 0; a new generator (a reset) starts every sequence again.

    ``numbers`` gives a prefix's numbers from elsewhere: the durable store leases blocks of
    them in its database, so workers sharing it (and restarts over it) never repeat an id,
    while a single fresh worker still counts 0, 1, 2, ... and gives the ids memory would."""

    def __init__(self, seed: int, numbers: NumberSource | None = None) -> None:
        self.seed = seed
        self._numbers = numbers
        self._sequences: dict[str, _Sequence] = {}

    def new(self, prefix: str) -> str:
        sequence = self._sequences.get(prefix)
        if sequence is None:
            numbers = self._numbers(prefix) if self._numbers is not None else None
            sequence = self._sequences.setdefault(prefix, _Sequence(self.seed, prefix, numbers))
        return sequence.next()
