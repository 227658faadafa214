"""POST /v1/completions: the legacy text completions of instruct and base models.

Each prompt of a batch gets ``n`` choices, indexed ``prompt * n + choice`` as the real API does;
``best_of`` candidates are generated (and billed) but only the first ``n`` are returned. Text is
a pure function of (server seed, model, prompt, suffix, ``seed``) and the choice index.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import tokens
from ..catalogue import Model
from ..legacy import errors as legacy_errors
from ..legacy import logprobs as lp
from ..legacy.completion import DEFAULT_MAX_TOKENS, Choice, continuation, finish
from ..legacy.inputs import Item, parse_items
from ..randomness import derive_int
from ..state import MockState, mock_state
from ..streaming import sse_response
from ..validation import check, check_value, json_body, param

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
    "seed": param("integer"),
    "user": param("string"),
}
STREAM_OPTIONS = {"include_usage": param("boolean"), "include_obfuscation": param("boolean")}

# The real API reports gpt-3.5-turbo-instruct's window as 4097 tokens in its error, and
# answers with its dated build as the model name.
CONTEXT_WINDOWS = {"gpt-3.5-turbo-instruct": 4097}
RESPONSE_MODELS = {"gpt-3.5-turbo-instruct": "gpt-3.5-turbo-instruct:20230824-v2"}
# Models that refuse echo together with logprobs.
NO_ECHO_LOGPROBS = {"gpt-3.5-turbo-instruct"}
ENDOFTEXT = 100257
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


@dataclass(frozen=True)
class Result:
    index: int
    prompt: Item
    choice: Choice
    text: str  # what the choice returns (prompt + text when echoing)
    logprobs: dict[str, Any] | None


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
            raise legacy_errors.invalid_logit_bias_key(key, top)
        number = isinstance(bias, (int, float)) and not isinstance(bias, bool)
        if not number or not -LOGIT_BIAS_LIMIT <= bias <= LOGIT_BIAS_LIMIT:
            raise legacy_errors.invalid_logit_bias_value(key, bias)


def _options(body: Mapping[str, Any], model: Model) -> Options:
    n = body.get("n") or 1
    best_of = body.get("best_of")
    stream = bool(body.get("stream"))
    stream_options = body.get("stream_options")
    if stream_options is not None:
        if not stream:
            raise legacy_errors.only_with_stream("stream_options")
        check(stream_options, STREAM_OPTIONS)
    if best_of is not None and best_of != 0:
        if best_of < n:
            raise legacy_errors.best_of_below_n()
        if stream and best_of > 1:
            raise legacy_errors.best_of_with_stream()
    echo = bool(body.get("echo"))
    logprobs = body.get("logprobs")
    if echo and logprobs is not None and model.family in NO_ECHO_LOGPROBS:
        raise legacy_errors.echo_with_logprobs()
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
    )


def _prompts(body: Mapping[str, Any], encoding: str) -> list[Item]:
    prompt = body.get("prompt")
    if prompt is None:  # the API's default prompt is the end-of-text token
        return [Item("<|endoftext|>", (ENDOFTEXT,))]
    return parse_items(prompt, "prompt", encoding, allow_empty_text=True)


def _check_context(model: Model, prompts: list[Item], max_tokens: int) -> None:
    window = CONTEXT_WINDOWS.get(model.family, model.context_window)
    for item in prompts:
        if item.n_tokens + max_tokens > window:
            raise legacy_errors.context_length_exceeded(window, item.n_tokens, max_tokens)


def _generate(
    state: MockState, body: Mapping[str, Any], model: Model, prompts: list[Item], opts: Options
) -> tuple[list[Result], int]:
    """The returned choices in index order, and the completion tokens of every candidate."""
    results: list[Result] = []
    billed = 0
    for p, item in enumerate(prompts):
        rule = state.rules.first_match(endpoint="completions", model=model.id, text=item.text)
        scripted: str | None = None
        if rule is not None:
            rule.raise_error()
            content = (rule.reply or {}).get("content")
            scripted = content if isinstance(content, str) else None
        seed = derive_int(
            state.seed, "completions", model.id, item.text, str(body.get("suffix") or ""),
            "" if body.get("seed") is None else int(body["seed"]),
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


def _usage(prompts: list[Item], billed: int) -> dict[str, Any]:
    return tokens.completion_usage(sum(p.n_tokens for p in prompts), billed)


async def create_completion(request: Request) -> Any:
    body = await json_body(request)
    check(body, SPEC)
    state = mock_state(request)
    model = state.catalogue.for_endpoint(body.get("model"), "completions")
    opts = _options(body, model)
    prompts = _prompts(body, model.encoding)
    _check_context(model, prompts, opts.max_tokens)
    results, billed = _generate(state, body, model, prompts, opts)
    head = {
        "id": state.ids.new("cmpl-"),
        "object": "text_completion",
        "created": state.now(),
        "model": RESPONSE_MODELS.get(model.id, model.id),
    }
    usage = _usage(prompts, billed)
    if opts.stream:
        return _stream(head, results, usage, opts, model)
    return {
        **head,
        "choices": [
            {
                "text": r.text,
                "index": r.index,
                "logprobs": r.logprobs,
                "finish_reason": r.choice.finish_reason,
            }
            for r in results
        ],
        "usage": usage,
    }


def _stream(
    head: dict[str, Any], results: list[Result], usage: dict[str, Any], opts: Options, model: Model
) -> Response:
    return sse_response(_chunks(head, results, usage, opts, model))


def _chunks(
    head: dict[str, Any], results: list[Result], usage: dict[str, Any], opts: Options, model: Model
) -> Iterator[dict[str, Any]]:
    """Token-sized chunks, interleaved across choices, then each choice's finish chunk."""
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
        parts = [(p.text, p.start + offset, p.end + offset) for p in lp.pieces(
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
