"""A legacy completion as the stream the real API sends: token-sized chunks, interleaved across
choices, then each choice's finish chunk, and with ``include_usage`` a last usage chunk."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ... import tokens
from ...catalogue import Model
from . import logprobs as lp
from .reply import Result
from .request import Options


def chunks(
    head: dict[str, Any], results: list[Result], usage: dict[str, Any], opts: Options, model: Model
) -> Iterator[dict[str, Any]]:
    extra = {"usage": None} if opts.include_usage else {}

    def chunk(index: int, text: str, logprobs: dict[str, Any] | None, reason: str | None) -> Any:
        choice = {"text": text, "index": index, "logprobs": logprobs, "finish_reason": reason}
        return {
            "id": head["id"],
            "object": head["object"],
            "created": head["created"],
            "choices": [choice],
            "model": head["model"],
            **extra,
        }

    plans = []
    for r in results:
        offset = r.prompt.n_tokens if opts.echo else 0
        parts = [(p.text, p.start + offset, p.end + offset) for p in tokens.pieces(
            r.choice.token_ids, model.encoding)]  # fmt: skip
        if opts.echo:
            parts.insert(0, (r.prompt.text, 0, offset))
        plans.append((r, parts))
    longest = max((len(parts) for _, parts in plans), default=0)
    for step in range(longest):
        for r, parts in plans:
            if step < len(parts):
                text, start, end = parts[step]
                piece_lp = lp.sliced(r.logprobs, start, end) if r.logprobs is not None else None
                yield chunk(r.index, text, piece_lp, None)
    for r, _ in plans:
        empty = lp.sliced(r.logprobs, 0, 0) if r.logprobs is not None else None
        yield chunk(r.index, "", empty, r.choice.finish_reason)
    if opts.include_usage:
        yield {
            "id": head["id"],
            "object": head["object"],
            "created": head["created"],
            "choices": [],
            "model": head["model"],
            "usage": usage,
        }
