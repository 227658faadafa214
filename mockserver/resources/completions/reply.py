"""The text of one legacy completion choice: continuation, stop sequences, ``max_tokens``.

Completion models continue a text rather than answer a chat turn, so a choice is the shared
reply text after a blank line, and a short reply runs on with a second paragraph: as with the
real models, a request left at the default ``max_tokens`` of 16 usually ends with
``finish_reason: "length"``. The full text depends only on (seed, prompt, index), so a larger
``max_tokens`` always reveals more of the same text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ... import tokens
from ...catalogue import Model
from ...generate import text as textgen
from ...llm.inputs import Item
from ...randomness import derive_int
from ...state.rules import Rules
from . import logprobs as lp

if TYPE_CHECKING:
    from .request import Options

DEFAULT_MAX_TOKENS = 16


@dataclass(frozen=True)
class Choice:
    text: str  # the generated text only (echo is added by the caller)
    token_ids: tuple[int, ...]
    finish_reason: str  # "stop" or "length"


def _lead(prompt: str) -> str:
    """Instruct models open with a blank line unless the prompt already ended one."""
    if prompt.endswith("\n\n"):
        return ""
    return "\n" if prompt.endswith("\n") else "\n\n"


def continuation(seed: int, prompt: str, index: int, encoding: str) -> str:
    """The full text a completion model would write after ``prompt``."""
    reply = textgen.reply_text(seed, prompt, index=index)
    body = _lead(prompt) + reply
    if tokens.count(body, encoding) <= DEFAULT_MAX_TOKENS:
        body += "\n\n" + textgen.reply_text(seed, reply, index=index)
    return body


def finish(full: str, *, max_tokens: int, stops: Sequence[str], encoding: str) -> Choice:
    """``full`` cut at the first stop sequence, then at ``max_tokens`` tokens."""
    cut, _ = textgen.apply_stop(full, list(stops))
    ids = tokens.encode_prose(cut, encoding)
    if len(ids) > max_tokens:
        ids = ids[:max_tokens]
        return Choice(tokens.decode(ids, encoding), tuple(ids), "length")
    return Choice(cut, tuple(ids), "stop")


@dataclass(frozen=True)
class Result:
    index: int
    prompt: Item
    choice: Choice
    text: str  # what the choice returns (prompt + text when echoing)
    logprobs: dict[str, Any] | None


def generate(
    rules: Rules, server_seed: int, model: Model, prompts: list[Item], opts: Options
) -> tuple[list[Result], int]:
    """The returned choices in index order, and the completion tokens of every candidate."""
    results: list[Result] = []
    billed = 0
    for p, item in enumerate(prompts):
        rule = rules.first_match(endpoint="completions", model=model.id, text=item.text)
        scripted: str | None = None
        if rule is not None:
            rule.raise_error()
            content = (rule.reply or {}).get("content")
            scripted = content if isinstance(content, str) else None
        seed = derive_int(
            server_seed, "completions", model.id, item.text, opts.suffix,
            "" if opts.seed is None else opts.seed,
        )  # fmt: skip
        for candidate in range(opts.best_of):
            index = 0 if opts.greedy else candidate
            full = scripted if scripted is not None else (
                continuation(seed, item.text, index, model.encoding)
            )  # fmt: skip
            choice = finish(
                full, max_tokens=opts.max_tokens, stops=opts.stops, encoding=model.encoding
            )
            billed += len(choice.token_ids)
            if candidate >= opts.n:
                continue
            results.append(_result(seed, p * opts.n + candidate, item, choice, opts, model))
    return results, billed


def _result(
    seed: int, index: int, item: Item, choice: Choice, opts: Options, model: Model
) -> Result:
    text = item.text + choice.text if opts.echo else choice.text
    logprobs = None
    if opts.logprobs is not None:
        ids = (item.token_ids + choice.token_ids) if opts.echo else choice.token_ids
        logprobs = lp.build(
            seed, ids, model.encoding, top=opts.logprobs,
            offset=0 if opts.echo else len(item.text),
            unscored=item.n_tokens if opts.echo else 0,
        )  # fmt: skip
    return Result(index, item, choice, text, logprobs)
