"""Checking a legacy completion request the way the real API does, and reading it into typed
``Options`` and prompt items."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ... import tokens
from ...catalogue import Model
from ...http.params import INT64_MAX, INT64_MIN, check, check_value, param
from ...llm import errors as llm_errors
from ...llm.inputs import Item, parse_items
from . import errors as completion_errors
from .reply import DEFAULT_MAX_TOKENS

SPEC = {
    "model": param("string", required=True),
    "prompt": param("string", "array"),
    "suffix": param("string"),
    "max_tokens": param("integer", minimum=0),
    "temperature": param("number", minimum=0, maximum=2),
    "top_p": param("number", minimum=0, maximum=1),
    "n": param("integer", minimum=1, maximum=128),
    "best_of": param("integer", minimum=0, maximum=20),
    "stream": param("boolean"),
    "stream_options": param("object"),
    "logprobs": param("integer", minimum=0, maximum=5),
    "echo": param("boolean"),
    "stop": param("string", "array", min_items=1, max_items=4),
    "presence_penalty": param("number", minimum=-2, maximum=2),
    "frequency_penalty": param("number", minimum=-2, maximum=2),
    "logit_bias": param("object"),
    "seed": param("integer", minimum=INT64_MIN, maximum=INT64_MAX),
    "user": param("string"),
}
STREAM_OPTIONS = {"include_usage": param("boolean"), "include_obfuscation": param("boolean")}
LOGIT_BIAS_LIMIT = 100


@dataclass(frozen=True)
class Options:
    max_tokens: int
    n: int
    best_of: int
    echo: bool
    logprobs: int | None
    stops: tuple[str, ...]
    greedy: bool  # temperature 0: every choice is the same text
    stream: bool
    include_usage: bool
    suffix: str = ""
    seed: int | None = None


def _stops(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    assert isinstance(value, list)
    for i, item in enumerate(value):
        check_value(f"stop[{i}]", param("string"), item)
    return tuple(value)


def _check_logit_bias(value: object, encoding: str) -> None:
    if not isinstance(value, Mapping):
        return
    top = tokens.get_encoding(encoding).eot_token
    for key, bias in value.items():
        if not key.isdigit() or int(key) > top:
            raise completion_errors.invalid_logit_bias_key(key, top)
        number = isinstance(bias, (int, float)) and not isinstance(bias, bool)
        if not number or not -LOGIT_BIAS_LIMIT <= bias <= LOGIT_BIAS_LIMIT:
            raise completion_errors.invalid_logit_bias_value(key, bias)


def options(body: Mapping[str, Any], model: Model) -> Options:
    n = body.get("n") or 1
    best_of = body.get("best_of")
    stream = bool(body.get("stream"))
    stream_options = body.get("stream_options")
    if stream_options is not None:
        if not stream:
            raise llm_errors.only_with("stream_options", "stream")
        check(stream_options, STREAM_OPTIONS)
    if best_of is not None and best_of != 0:
        if best_of < n:
            raise completion_errors.best_of_below_n()
        if stream and best_of > 1:
            raise completion_errors.best_of_with_stream()
    echo = bool(body.get("echo"))
    logprobs = body.get("logprobs")
    if echo and logprobs is not None and not model.feature("echo_with_logprobs"):
        raise completion_errors.echo_with_logprobs()
    _check_logit_bias(body.get("logit_bias"), model.encoding)
    max_tokens = body.get("max_tokens")
    return Options(
        max_tokens=DEFAULT_MAX_TOKENS if max_tokens is None else max_tokens,
        n=n,
        best_of=max(best_of or 1, n),
        echo=echo,
        logprobs=logprobs,
        stops=_stops(body.get("stop")),
        greedy=body.get("temperature") == 0,
        stream=stream,
        include_usage=bool(
            isinstance(stream_options, dict) and stream_options.get("include_usage")
        ),
        suffix=str(body.get("suffix") or ""),
        seed=None if body.get("seed") is None else int(body["seed"]),
    )


def prompts(body: Mapping[str, Any], encoding: str) -> list[Item]:
    prompt = body.get("prompt")
    if prompt is None:  # the API's default prompt is the end-of-text token
        return [Item(tokens.ENDOFTEXT, (tokens.get_encoding(encoding).eot_token,))]
    return parse_items(prompt, "prompt", encoding, allow_empty_text=True)


def check_context(model: Model, prompts: list[Item], max_tokens: int) -> None:
    window = model.context_window
    for item in prompts:
        if item.n_tokens + max_tokens > window:
            raise llm_errors.prompt_too_long(window, item.n_tokens, max_tokens)
