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

from .. import tokens
from ..generate import text as textgen

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
    ids = tokens.encode(cut, encoding)
    if len(ids) > max_tokens:
        ids = ids[:max_tokens]
        return Choice(tokens.decode(ids, encoding), tuple(ids), "length")
    return Choice(cut, tuple(ids), "stop")
