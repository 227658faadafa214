"""Token log probabilities for generated text: real tokens and bytes from the tokenizer, seeded
values that behave like probabilities (each <= 0, the alternatives' mass never above 1).

A reply's numbers are made in bulk, in a fixed number of numpy operations whatever its length:

- ``hashes``: 64 random bits per (position, column) from SplitMix64 on a counter that packs
  (position, token id, column), so every value is a pure function of (seed, salt, position,
  token, column): a reply cut shorter, or asked for fewer alternatives, keeps every value it
  shares with the longer one, and two replies differ where their tokens do.
- The bits index tables of log probabilities made once with ``math.log`` (the C library, as
  ``random`` uses it; numpy's SIMD ``log`` can differ in the last bit between CPUs), held as
  integers in units of 1e-8: sums of them are exact, and dividing by 1e8 is correctly rounded,
  so the printed values (8 decimals) are the same bytes on any machine.
"""

from __future__ import annotations

import math
from functools import cache
from typing import TYPE_CHECKING, Any

from .. import tokens
from ..randomness import derive_int, splitmix64
from . import logprobs_json
from .logprobs_json import Alternatives, Spelling, Style

if TYPE_CHECKING:  # numpy is imported on first use (see randomness)
    import numpy as np
    import numpy.typing as npt

    Ints = npt.NDArray[np.int64]
    Bits = npt.NDArray[np.uint64]
    Floats = npt.NDArray[np.float64]
    Units = npt.NDArray[np.float64]  # integers, in units of 1e-8 of a log probability
    from orjson import Fragment

# Token ids the alternatives are drawn from: common ones, so they read as plausible words.
ALTERNATIVE_POOL = 5000
# The most alternatives a token has (chat's ``top_logprobs`` goes up to 20).
MAX_TOP = 20

# As the API shows a token, its bytes, those as numbers, and its length in characters when
# the bytes are whole UTF-8 characters (-1 when they are part of one).
Spelled = tuple[str, bytes, Spelling, int]

# Tokens spelled lately, per encoding: replies share most of their tokens (words recur), and
# looking one up costs a fifth of decoding it. Emptied when full, so it stays small.
_SPELLED_MAX = 8192
# Tokens besides the alternatives' pool whose JSON pieces are kept, per encoding and style
# (~1 kB each pretty-printed): replies reuse few (~140 over thousands of varied chat replies);
# a reply with more tokens than this is written from its objects.
_PIECES_ROOM = 4096

UNIT = 1e8
# Counter layout: position << _POSITION_SHIFT | token << _TOKEN_SHIFT | column.
_TOKEN_SHIFT = 6  # columns below 64
_POSITION_SHIFT = _TOKEN_SHIFT + 20  # token ids below 2**20
_POSITIONS = 4096  # positions whose counter bits are made once (most replies are shorter)
# Table resolutions: a value drawn from the top bits of a hash picks one of 2**bits entries.
LEVEL_BITS = 14
SHARE_BITS = 10
LEVEL_SHIFT = 64 - LEVEL_BITS
SHARE_SHIFT = 64 - SHARE_BITS


@cache
def _counter_bits() -> tuple[Bits, Bits]:
    """The column and position parts of the counters, made once."""
    import numpy as np

    columns = np.arange(1 << _TOKEN_SHIFT, dtype=np.uint64)
    return columns, np.arange(_POSITIONS, dtype=np.uint64) << np.uint64(_POSITION_SHIFT)


def hashes(key: int, ids: list[int], columns: int) -> tuple[Bits, Bits]:
    """``(len(ids), columns)`` random 64-bit values: row ``i`` for position ``i``, which holds
    the token ``ids[i]``; and the token ids as an array."""
    import numpy as np

    column_bits, position_bits = _counter_bits()
    array = np.asarray(ids, dtype=np.uint64)
    counters = array << np.uint64(_TOKEN_SHIFT)
    n = len(ids)
    if n <= _POSITIONS:
        counters |= position_bits[:n]
    else:
        counters |= np.arange(n, dtype=np.uint64) << np.uint64(_POSITION_SHIFT)
    return splitmix64(key, counters[:, None] | column_bits[:columns]), array


def levels(bits: int) -> list[float]:
    """The midpoints of ``2**bits`` equal steps of (0, 1)."""
    size = 1 << bits
    return [(q + 0.5) / size for q in range(size)]


def units(value: float) -> float:
    """``log(value)`` in whole units of 1e-8 (an integer, as a float)."""
    return float(round(math.log(value) * UNIT))


def picks(bits: Bits, own: npt.NDArray[np.integer[Any]], size: int, strata: int) -> Ints:
    """Indexes into a pool of ``size``, one per random value in ``bits`` (same shape):
    column ``j`` picks from the ``j``-th of ``strata`` equal runs of the pool, so a row's picks
    are distinct and the first alternatives come from the pool's first, most common tokens. A
    pick that is the row's ``own`` index (-1: none) moves to the next index of its run."""
    import numpy as np

    width = size // strata
    runs = np.arange(bits.shape[1], dtype=np.int64) * width
    chosen = (bits % np.array(width, dtype=np.uint64)).astype(np.int64)
    chosen += runs
    clashes = chosen == own[:, None]
    if np.count_nonzero(clashes):  # about one row in a thousand
        moved = chosen - runs + 1
        moved %= width
        moved += runs
        chosen = np.where(clashes, moved, chosen)
    return chosen


@cache
def _spelled(encoding: str) -> dict[int, Spelled]:
    return {}


def spell(ids: list[int], encoding: str) -> list[Spelled]:
    """Each token as the API shows it (``tokens.token_text``), its bytes, its bytes as a tuple
    of numbers (orjson writes it as the list the API sends), and its length in characters
    (-1: not whole characters)."""
    known = _spelled(encoding)
    decode = tokens.get_encoding(encoding).decode_single_token_bytes

    def learn(token: int) -> Spelled:
        if len(known) >= _SPELLED_MAX:
            known.clear()
        raw = decode(token)
        try:
            text = raw.decode("utf-8")
            chars = len(text)
        except UnicodeDecodeError:
            text, chars = tokens.token_text(raw), -1
        spelled = known[token] = (text, raw, tuple(raw), chars)
        return spelled

    get = known.get
    return [get(token) or learn(token) for token in ids]


@cache
def _tables() -> tuple[Floats, Units, Units, Units]:
    """Indexed by a level: the chosen token's log probability and the log of the mass it leaves
    to the others (in units); indexed by a share level: the log of a share less that of its
    complement, and the log of the complement (in units)."""
    # Most tokens are near-certain, a few are not: a skewed draw in (0, 1).
    chosen = [min(max(1.0 - u**6 * 0.9, 1e-6), 1.0 - 1e-7) for u in levels(LEVEL_BITS)]
    logprob = [units(p) for p in chosen]
    rest = [units(-math.expm1(v / UNIT)) for v in logprob]
    # Each alternative takes 50-90% of what the chosen token and the alternatives before it
    # left: shares fall from one alternative to the next, and never add up to the rest.
    shares = [0.5 + 0.4 * u for u in levels(SHARE_BITS)]
    share = [units(f) for f in shares]
    complement = [units(1.0 - f) for f in shares]
    gain = [a - b for a, b in zip(share, complement, strict=True)]
    return _array(logprob) / UNIT, _array(rest), _array(gain), _array(complement)


def _array(values: list[float]) -> Units:
    import numpy as np

    return np.asarray(values, dtype=np.float64)


@cache
def _pool(encoding: str) -> tuple[tuple[str, ...], tuple[Spelling, ...], npt.NDArray[np.int16]]:
    """The alternatives (common, ASCII tokens): their texts and bytes, and the index among them
    of every token id (-1: not one)."""
    import numpy as np

    enc = tokens.get_encoding(encoding)
    raws = [enc.decode_single_token_bytes(t) for t in range(ALTERNATIVE_POOL)]
    kept = [t for t, raw in enumerate(raws) if raw.isascii()]
    lookup = np.full(enc.n_vocab, -1, dtype=np.int16)
    lookup[kept] = np.arange(len(kept))
    texts = tuple(raws[t].decode("ascii") for t in kept)
    return texts, tuple(tuple(raws[t]) for t in kept), lookup


@cache
def _piece_table(encoding: str, style: Style) -> logprobs_json.PieceTable:
    """The pieces of the pool's tokens and of those written lately, per encoding and style."""
    texts, spellings, lookup = _pool(encoding)

    def spelled(ids: list[int]) -> list[tuple[str, Spelling]]:
        return [(text, spelling) for text, _, spelling, _ in spell(ids, encoding)]

    pool = list(zip(texts, spellings, strict=True))
    return logprobs_json.PieceTable(pool, lookup, spelled, style, _PIECES_ROOM)


def token_logprobs(
    ids: list[int], encoding: str, seed: int, *, top: int, salt: str = ""
) -> TokenLogprobs:
    """One ``ChatCompletionTokenLogprob`` per token id, with ``top`` alternatives each, sorted
    from most to least likely (the chosen token among them)."""
    import numpy as np

    others = min(max(top - 1, 0), MAX_TOP - 1) if ids else 0
    # Column 0: the chosen token's level; column j: alternative j's token and share.
    bits, array = hashes(derive_int(seed, "logprobs", salt), ids, 1 + others)
    logprob, rest, gain, complement = _tables()
    # Levels as indexes (intp) once, not converted by each table they index.
    level = (bits[:, 0] >> LEVEL_SHIFT).astype(np.intp)
    chosen = logprob[level]
    if others == 0:
        return TokenLogprobs(encoding, ids, array, chosen, top, None)
    # log(alternative j) = log(rest) + log(share j) + the logs of the complements before it
    # = log(rest) + (log(share j) - log(complement j)) + the logs of complements 1..j.
    columns = bits[:, 1:]
    share_level = (bits >> SHARE_SHIFT)[:, 1:].astype(np.intp)
    values = np.cumsum(complement[share_level], axis=1)
    values += gain[share_level]
    values += rest[level][:, None]
    values /= UNIT
    # Division by 1e8 keeps the order of the integers: the chosen token goes after the
    # alternatives more likely than it.
    places = np.add.reduce(values > chosen[:, None], axis=1)
    pool_texts, _, lookup = _pool(encoding)
    slots = picks(columns, lookup[array], len(pool_texts), MAX_TOP - 1)
    return TokenLogprobs(encoding, ids, array, chosen, top, Alternatives(slots, values, places))


class TokenLogprobs:
    """A reply's token logprobs, drawn once: shown as the API's objects (``entries``, for what
    reads them) or written straight as their JSON (``json``, what a body or a chunk sends:
    building 21 dicts a token would cost more than all the rest)."""

    def __init__(
        self,
        encoding: str,
        ids: list[int],
        array: Bits,
        chosen: Floats,
        top: int,
        alternatives: Alternatives | None,
    ) -> None:
        self.encoding = encoding
        self.ids = ids
        self.array = array  # the ids as an array
        self.chosen = chosen  # each token's own log probability
        self.top = top  # how many tokens each ``top_logprobs`` lists (0: none)
        self.alternatives = alternatives  # None: no other token (top 0 or 1)
        self._rows: dict[Style, list[bytes]] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def entries(self, start: int = 0, end: int | None = None) -> list[dict[str, Any]]:
        """The ``ChatCompletionTokenLogprob`` objects of tokens ``start:end``."""
        ids = self.ids[start:end]
        if not ids:
            return []
        chosen = self.chosen[start:end].tolist()
        # Bytes are tuples, shared where they repeat (orjson writes them as the lists they
        # stand for): copying a list per entry would cost more than all the numbers.
        texts, _, spelled, _ = zip(*spell(ids, self.encoding), strict=True)
        if self.alternatives is None:
            return [
                {
                    "token": text,
                    "logprob": lp,
                    "bytes": own,
                    "top_logprobs": (
                        [{"token": text, "logprob": lp, "bytes": own}] if self.top else []
                    ),
                }
                for text, lp, own in zip(texts, chosen, spelled, strict=True)
            ]
        pool_texts, pool_bytes, _ = _pool(self.encoding)
        slots = self.alternatives.slots[start:end]
        values = self.alternatives.values[start:end]
        places = self.alternatives.places[start:end]
        others = slots.shape[1]
        # Every alternative in one pass, then cut into rows: one loop, not one a row.
        flat = [
            {"token": pool_texts[s], "logprob": v, "bytes": pool_bytes[s]}
            for s, v in zip(slots.ravel().tolist(), values.ravel().tolist(), strict=True)
        ]
        out = []
        first = 0
        for text, lp, own, place in zip(texts, chosen, spelled, places.tolist(), strict=True):
            listed = flat[first : first + others]
            first += others
            listed.insert(place, {"token": text, "logprob": lp, "bytes": own})
            out.append({"token": text, "logprob": lp, "bytes": own, "top_logprobs": listed})
        return out

    def json(self, start: int = 0, end: int | None = None, *, depth: Style = None) -> Fragment:
        """The list of ``entries(start, end)`` as orjson writes it: compact when ``depth`` is
        None, else pretty-printed at that depth (see ``logprobs_json.Style``). The whole list
        is written in one pass; parts of it (stream chunks) from its entries written once."""
        import orjson

        if start == 0 and (end is None or end >= len(self.ids)):
            return orjson.Fragment(self._write(depth, whole=True)[0])
        rows = self._rows.get(depth)
        if rows is None:
            rows = self._rows[depth] = self._write(depth, whole=False)
        return orjson.Fragment(logprobs_json.entry_list(rows[start:end], depth))

    def _write(self, style: Style, *, whole: bool) -> list[bytes]:
        if len(self.ids) > _PIECES_ROOM:  # more tokens than the pieces' table holds: rare
            entries = self.entries()
            if whole:
                return [logprobs_json.dumps(entries, style)]
            return [logprobs_json.dumps(entry, None if style is None else style + 1)
                    for entry in entries]  # fmt: skip
        table = _piece_table(self.encoding, style)
        return logprobs_json.write(
            table, self.array, self.chosen, self.top, self.alternatives, whole=whole
        )
