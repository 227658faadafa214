"""The token budget of a reply: the output limit a request sets (or the model's cap), checked
against the model's cap and its context window; and the hidden reasoning tokens a reasoning
model spends of it."""

from __future__ import annotations

from ..catalogue import Model
from . import errors as llm_errors

# Hidden reasoning tokens a reasoning model spends, per reasoning_effort.
REASONING_TOKENS = {
    "none": 0,
    "minimal": 0,
    "low": 64,
    "medium": 192,
    "high": 448,
    "xhigh": 768,
    "max": 1024,
}


def output_budget(model: Model, prompt_tokens: int, limit: int | None, limit_param: str) -> int:
    """Tokens a reply may use, or the real API's 400 when the limit or the prompt is too large
    (``limit_param`` names the parameter that set ``limit``)."""
    if limit is not None and limit > model.max_output_tokens:
        raise llm_errors.max_tokens_too_large(limit_param, limit, model.max_output_tokens)
    window = model.context_window
    if prompt_tokens + (limit or 0) > window:
        raise llm_errors.messages_too_long(window, prompt_tokens, limit)
    return min(limit or model.max_output_tokens, window - prompt_tokens)


def reasoning_tokens(effort: str | None, budget: int) -> int:
    """What a reply spends on hidden reasoning, within its budget (0 for other models)."""
    if effort is None:
        return 0
    return min(REASONING_TOKENS.get(effort, REASONING_TOKENS["medium"]), budget)
