"""Legacy ``logprobs``: per-token strings, log-probabilities, top alternatives, text offsets.

Numbers are a pure function of (seed, position, token): the chosen token is the most likely
(as with temperature 0) and the alternatives share the rest of the probability mass, so the
probabilities of one position never sum past 1.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache
from typing import Any

from ... import tokens
from ...randomness import derive

# Alternatives are drawn from common, whole-text tokens (low ids are frequent ones).
_ALTERNATIVE_POOL = 20_000


@cache
def _pool(encoding: str) -> tuple[str, ...]:
    enc = tokens.get_encoding(encoding)
    pool: list[str] = []
    for token in range(_ALTERNATIVE_POOL):
        try:
            pool.append(enc.decode_single_token_bytes(token).decode("utf-8"))
        except (KeyError, UnicodeDecodeError):
            continue
    return tuple(pool)


def _round(value: float) -> float:
    return float(f"{value:.8g}")


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
    raw = tokens.get_encoding(encoding).decode_tokens_bytes(list(token_ids))
    pool = _pool(encoding)
    strings: list[str] = []
    scores: list[float | None] = []
    tops: list[dict[str, float] | None] = []
    offsets: list[int] = []
    consumed = b""
    for position, chunk in enumerate(raw):
        offsets.append(offset + len(consumed.decode("utf-8", errors="ignore")))
        consumed += chunk
        string = tokens.token_text(chunk)
        strings.append(string)
        if unscored and position == 0:
            scores.append(None)
            tops.append(None)
            continue
        rng = derive(seed, "logprobs", position, token_ids[position])
        chosen = -rng.expovariate(4.0)  # mostly confident, sometimes not
        rest = 1.0 - math.exp(chosen)
        alternatives: dict[str, float] = {string: _round(chosen)}
        share = 0.6
        while len(alternatives) < top:
            candidate = pool[rng.randrange(len(pool))]
            if candidate in alternatives:
                continue
            mass = max(rest * share, 1e-12)
            alternatives[candidate] = _round(min(math.log(mass), chosen - 1e-6))
            share *= 0.4
        scores.append(_round(chosen))
        tops.append(dict(list(alternatives.items())[:top]) if top else {})
    return {
        "tokens": strings,
        "token_logprobs": scores,
        "top_logprobs": tops,
        "text_offset": offsets,
    }


def sliced(logprobs: dict[str, Any], start: int, end: int) -> dict[str, Any]:
    """The part of a ``logprobs`` object for tokens ``start:end`` (one stream chunk)."""
    return {key: value[start:end] for key, value in logprobs.items()}
