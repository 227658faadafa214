"""Legacy ``logprobs``: per-token strings, log-probabilities, top alternatives, text offsets.

Numbers are a pure function of (seed, position, token, column), drawn in bulk as chat's are
(``generate.logprobs``): the chosen token is the most likely (as with temperature 0) and the
alternatives share the rest of the probability mass, so the probabilities of one position
never sum past 1.
"""

from __future__ import annotations

import codecs
import itertools
import math
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from ... import tokens
from ...generate.logprobs import (
    LEVEL_BITS,
    LEVEL_SHIFT,
    UNIT,
    hashes,
    levels,
    picks,
    spell,
    units,
)
from ...randomness import derive_int

if TYPE_CHECKING:  # numpy is imported on first use (see randomness)
    import numpy as np
    import numpy.typing as npt

    Units = npt.NDArray[np.float64]

# Alternatives are drawn from common, whole-text tokens (low ids are frequent ones).
_ALTERNATIVE_POOL = 20_000
_MAX_TOP = 5  # the API's limit on ``logprobs``
# The first alternative takes 60% of the rest, each next one 40% of the one before.
_FIRST_SHARE = units(0.6)
_NEXT_SHARE = units(0.4)
# An alternative stays below the chosen token by at least 1e-6.
_BELOW_CHOSEN = 1e-6 * UNIT


@cache
def _pool(encoding: str) -> tuple[tuple[str, ...], npt.NDArray[np.int16]]:
    """The alternatives' strings, and the index among them of every token id (-1: none)."""
    import numpy as np

    enc = tokens.get_encoding(encoding)
    pool: list[str] = []
    lookup = np.full(enc.n_vocab, -1, dtype=np.int16)
    for token in range(_ALTERNATIVE_POOL):
        try:
            text = enc.decode_single_token_bytes(token).decode("utf-8")
        except (KeyError, UnicodeDecodeError):
            continue
        if not text.startswith("bytes:"):  # never a partial token's spelling
            lookup[token] = len(pool)
            pool.append(text)
    return tuple(pool), lookup


@cache
def _tables() -> tuple[Units, Units]:
    """By level: the chosen token's log probability (exponential with rate 4: mostly confident,
    sometimes not) and the log of the mass it leaves to the others, in units of 1e-8."""
    import numpy as np

    chosen = [float(round(math.log(u) / 4.0 * UNIT)) for u in levels(LEVEL_BITS)]
    rest = [units(-math.expm1(v / UNIT)) for v in chosen]
    return np.asarray(chosen, dtype=np.float64), np.asarray(rest, dtype=np.float64)


def text_offsets(raw: Sequence[bytes], offset: int, chars: Sequence[int] = ()) -> list[int]:
    """Where each token starts, in characters of the text before it (``offset`` plus the
    characters the bytes before the token decode to, an incomplete character not counted).

    ``chars``, when given, holds each token's length in characters, -1 for a token that is not
    whole characters: when all are whole, the offsets are their running sum."""
    if chars and min(chars) >= 0:
        return list(itertools.accumulate(chars[:-1], initial=offset))
    decoder = codecs.getincrementaldecoder("utf-8")(errors="ignore")
    offsets = []
    at = offset
    for chunk in raw:
        offsets.append(at)
        at += len(decoder.decode(chunk))
    return offsets


def build(
    seed: int,
    token_ids: Sequence[int],
    encoding: str,
    *,
    top: int,
    offset: int,
    unscored: int = 0,
) -> dict[str, Any]:
    """The ``logprobs`` object for ``token_ids``.

    ``offset`` is the character offset of the first token (the prompt's length when the
    prompt is not echoed); the first of ``unscored`` echoed prompt tokens has no logprob.
    """
    import numpy as np

    ids = list(token_ids)
    if not ids:
        return {"tokens": [], "token_logprobs": [], "top_logprobs": [], "text_offset": []}
    strings, raw, _, chars = zip(*spell(ids, encoding), strict=True)
    result: dict[str, Any] = {
        "tokens": list(strings),
        "token_logprobs": [],
        "top_logprobs": [],
        "text_offset": text_offsets(raw, offset, chars),
    }
    others = min(max(top - 1, 0), _MAX_TOP - 1)
    bits, array = hashes(derive_int(seed, "completion-logprobs"), ids, 1 + others)
    chosen_table, rest_table = _tables()
    level = bits[:, 0] >> LEVEL_SHIFT
    chosen = chosen_table[level]
    chosen_values: list[float] = (chosen / UNIT).tolist()
    scores: list[float | None] = [*chosen_values]
    if top == 0:
        tops: list[dict[str, float] | None] = [{} for _ in ids]
    else:
        pool, lookup = _pool(encoding)
        # log(alternative j) = log(rest) + log(0.6) + (j - 1) log(0.4), below the chosen one.
        steps = _FIRST_SHARE + _NEXT_SHARE * np.arange(others, dtype=np.float64)
        values = np.minimum(rest_table[level][:, None] + steps, chosen[:, None] - _BELOW_CHOSEN)
        values /= UNIT
        slots = picks(bits[:, 1:], lookup[array], len(pool), _MAX_TOP - 1).ravel().tolist()
        flat = values.ravel().tolist()
        tops = []
        start = 0
        for string, score in zip(strings, chosen_values, strict=True):
            row = {string: score}
            for k in range(start, start + others):
                row[pool[slots[k]]] = flat[k]
            start += others
            tops.append(row)
    if unscored:
        scores[0] = None
        tops[0] = None
    result["token_logprobs"] = scores
    result["top_logprobs"] = tops
    return result


def sliced(logprobs: dict[str, Any], start: int, end: int) -> dict[str, Any]:
    """The part of a ``logprobs`` object for tokens ``start:end`` (one stream chunk)."""
    return {key: value[start:end] for key, value in logprobs.items()}
