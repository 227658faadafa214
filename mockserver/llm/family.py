"""What a model family accepts beyond the parameters' own ranges: reasoning models take the
``reasoning_effort`` values their family lists, ``max_completion_tokens`` only, and keep
sampling at its defaults (except, in the families that allow it, at effort ``none``); other
models refuse ``reasoning_effort``. The facts come from the catalogue (``fixtures/models.json``)."""

from __future__ import annotations

from typing import NamedTuple

from ..catalogue import Model
from . import errors as llm_errors


class Sampling(NamedTuple):
    """The sampling and limit parameters of a request, as given (None: not given). A named
    tuple: made for every chat request, and a frozen dataclass's per-field ``__setattr__``
    cost five times as much to build."""

    max_tokens: int | None = None  # the legacy name of the output limit
    temperature: float | None = None
    top_p: float | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    logprobs: bool | None = None
    top_logprobs: int | None = None
    reasoning_effort: str | None = None


def check_sampling(sampling: Sampling, model: Model, asked: str) -> None:
    """The real API's 400s for parameters this model's family does not take, in its order
    (``asked`` is the model name as the request gave it, which the messages quote)."""
    effort = sampling.reasoning_effort
    if not model.is_reasoning:
        if effort is not None:
            raise llm_errors.unsupported_parameter("reasoning_effort")
        return
    if effort is not None:
        if not model.reasoning_efforts:  # o1-mini, o1-preview: they reason, at no chosen effort
            raise llm_errors.unsupported_parameter("reasoning_effort")
        if effort not in model.reasoning_efforts:
            raise llm_errors.unsupported_effort(effort, asked, model.reasoning_efforts)
    if sampling.max_tokens is not None:
        raise llm_errors.max_tokens_on_reasoning_model()
    if reasoning_effort(sampling, model) == "none" and model.sampling_with_effort_none:
        return  # without reasoning, these families sample like the others
    for name, value, default in (
        ("temperature", sampling.temperature, 1),
        ("top_p", sampling.top_p, 1),
        ("presence_penalty", sampling.presence_penalty, 0),
        ("frequency_penalty", sampling.frequency_penalty, 0),
    ):
        if value is not None and value != default:
            raise llm_errors.unsupported_default_only(name, value, str(default))
    for name, given in (
        ("logprobs", sampling.logprobs is not None),
        ("top_logprobs", sampling.top_logprobs is not None),
    ):
        if given:
            raise llm_errors.unsupported_parameter(name)


def reasoning_effort(sampling: Sampling, model: Model) -> str | None:
    """The effort a reasoning model spends (the request's, else the family's default)."""
    if not model.is_reasoning:
        return None
    return sampling.reasoning_effort or model.default_reasoning_effort or "medium"
