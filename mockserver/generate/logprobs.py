"""Token log probabilities for generated text: real tokens and bytes from the tokenizer, seeded
values that behave like probabilities (each <= 0, the alternatives' mass never above 1)."""

from __future__ import annotations

import math
from typing import Any

from .. import tokens
from ..randomness import derive

# Token ids the alternatives are drawn from: common ones, so they read as plausible words.
ALTERNATIVE_POOL = 5000


def _entry(raw: bytes, logprob: float, top: list[dict[str, Any]] | None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "token": tokens.token_text(raw),
        "logprob": logprob,
        "bytes": list(raw),
    }
    if top is not None:
        entry["top_logprobs"] = top
    return entry


def token_logprobs(
    ids: list[int], encoding: str, seed: int, *, top: int, salt: str = ""
) -> list[dict[str, Any]]:
    """One ``ChatCompletionTokenLogprob`` per token id, with ``top`` alternatives each, sorted
    from most to least likely (the chosen token among them)."""
    enc = tokens.get_encoding(encoding)
    out = []
    for position, token_id in enumerate(ids):
        rng = derive(seed, "logprobs", salt, position, token_id)
        raw = enc.decode_single_token_bytes(token_id)
        # Most tokens are near-certain, a few are not: a skewed draw in (0, 1).
        p = max(1e-6, min(1.0 - 1e-7, 1.0 - rng.random() ** 6 * 0.9))
        logprob = round(math.log(p), 8)
        alternatives = [_entry(raw, logprob, None)]
        remaining = 1.0 - math.exp(logprob)
        seen = {token_id}
        while len(alternatives) < top:
            other = rng.randrange(ALTERNATIVE_POOL)
            if other in seen or not enc.decode_single_token_bytes(other).isascii():
                continue
            seen.add(other)
            share = remaining * rng.uniform(0.2, 0.6)
            remaining -= share
            alt_logprob = round(math.log(max(share, 1e-300)), 8)
            alternatives.append(_entry(enc.decode_single_token_bytes(other), alt_logprob, None))
        alternatives.sort(key=lambda e: -float(e["logprob"]))
        out.append(_entry(raw, logprob, alternatives[:top]))
    return out
