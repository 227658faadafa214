"""POST /v1/completions (legacy): shape, usage, length/stop/echo/n, logprobs, streaming, and
the seed's prompt-engineering calls."""

from __future__ import annotations

from typing import Any

import pytest
from openai.types import Completion

from . import checks, schemas
from .target import Target

ENDPOINT = "/v1/completions"
COMPONENT = "CreateCompletionResponse"
PROMPT = "인공지능에 대해 알려주세요"


def at(feature: str) -> pytest.MarkDecorator:
    return pytest.mark.conformance(ENDPOINT, feature)


def create(target: Target, **body: Any) -> dict[str, Any]:
    body.setdefault("model", target.models.completion)
    body.setdefault("prompt", PROMPT)
    body.setdefault("max_tokens", 16)
    data: dict[str, Any] = checks.expect_json(
        target.post("/completions", body), Completion, COMPONENT
    )
    return data


@at("shape")
def test_completion_shape(target: Target) -> None:
    data = create(target)
    assert data["object"] == "text_completion"
    assert data["id"].startswith("cmpl-"), data["id"]
    assert data["model"].startswith(target.models.completion), data["model"]
    assert [c["index"] for c in data["choices"]] == [0]
    assert isinstance(data["choices"][0]["text"], str)


@at("usage")
def test_usage_arithmetic_and_counts(target: Target) -> None:
    data = create(target, prompt="Say this is a test", max_tokens=7)
    usage = data["usage"]
    checks.assert_usage(usage)
    expected = checks.count_tokens("Say this is a test", "cl100k_base")
    assert usage["prompt_tokens"] == expected, (
        f"prompt_tokens {usage['prompt_tokens']} != {expected}"
    )
    text = data["choices"][0]["text"]
    checks.assert_close(
        usage["completion_tokens"],
        checks.count_tokens(text, "cl100k_base"),
        0 if target.is_mock else 2,
        "completion_tokens against the text's tiktoken count",
    )


@at("max_tokens")
def test_length_exactly_at_max_tokens(target: Target) -> None:
    data = create(target, prompt="Write a long essay about the sea.\n\n", max_tokens=5)
    assert data["choices"][0]["finish_reason"] == "length"
    assert data["usage"]["completion_tokens"] == 5, data["usage"]


@at("echo")
def test_echo_prepends_the_prompt(target: Target) -> None:
    data = create(target, prompt="Once upon a time", max_tokens=5, echo=True)
    text = data["choices"][0]["text"]
    assert text.startswith("Once upon a time"), f"echo=true text {text!r}"


@at("stop")
def test_stop_sequence_is_honoured(target: Target) -> None:
    prompt = "List ten fruits, one per line:\n"
    free = create(target, prompt=prompt, max_tokens=40, temperature=0)["choices"][0]["text"]
    words = [w for w in free.split() if len(w) > 1]
    assert words, f"reply too short to pick a stop sequence from: {free!r}"
    stop = words[len(words) // 2]
    choice = create(target, prompt=prompt, max_tokens=40, temperature=0, stop=stop)["choices"][0]
    assert stop not in choice["text"], f"stop {stop!r} in {choice['text']!r}"
    if choice["text"] and free.startswith(choice["text"]):
        assert choice["finish_reason"] == "stop", choice["finish_reason"]


@at("n")
def test_n_choices_are_indexed(target: Target) -> None:
    data = create(target, n=2, max_tokens=5)
    assert [c["index"] for c in data["choices"]] == [0, 1]


@at("n")
def test_list_prompt_gives_a_choice_per_prompt(target: Target) -> None:
    data = create(target, prompt=["Hello", "Goodbye"], max_tokens=3)
    assert [c["index"] for c in data["choices"]] == [0, 1]


@at("logprobs")
def test_logprobs_arrays_line_up(target: Target) -> None:
    data = create(target, logprobs=2, max_tokens=5)
    lp = data["choices"][0]["logprobs"]
    assert lp is not None, "logprobs requested but null"
    n = len(lp["tokens"])
    assert n and all(len(lp[k]) == n for k in ("token_logprobs", "top_logprobs", "text_offset"))
    assert "".join(lp["tokens"]) == data["choices"][0]["text"]
    assert all(len(top) <= 2 for top in lp["top_logprobs"])


@at("streaming")
def test_stream_framing(target: Target) -> None:
    body = {"model": target.models.completion, "prompt": PROMPT, "max_tokens": 6, "stream": True}
    response, text = target.post_stream_text("/completions", body)
    chunks = checks.chunks_of(checks.expect_stream(response, text))
    for i, chunk in enumerate(chunks):
        try:
            schemas.validate_sdk(schemas.CompletionStreamChunk, chunk)
        except AssertionError as exc:
            raise AssertionError(f"chunk {i}: {exc}") from None
        assert chunk["object"] == "text_completion"
    reasons = [c["choices"][0]["finish_reason"] for c in chunks if c["choices"]]
    assert reasons[-1] == "length" and all(r is None for r in reasons[:-1]), reasons
    assert len({c["id"] for c in chunks}) == 1, "id changes between chunks"


@at("streaming usage")
def test_stream_include_usage(target: Target) -> None:
    body = {
        "model": target.models.completion,
        "prompt": PROMPT,
        "max_tokens": 6,
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    response, text = target.post_stream_text("/completions", body)
    chunks = checks.chunks_of(checks.expect_stream(response, text))
    last = chunks[-1]
    assert last["choices"] == [] and last.get("usage"), f"last chunk {last}"
    checks.assert_usage(last["usage"])
    assert last["usage"]["completion_tokens"] == 6


@at("seed examples")
def test_seed_prompt_engineering_calls(target: Target) -> None:
    client = target.sdk()
    response = client.completions.create(
        model=target.models.completion, prompt=PROMPT, temperature=0, max_tokens=50
    )
    assert isinstance(response.choices[0].text.strip(), str)
    translated = client.completions.create(
        model=target.models.completion,
        prompt=(
            " 한국어를 영어로 번역합니다. 한국어 : 대한민국의 민주주의는 국민이 지킵니다. 영어 : "
        ),
        temperature=0,
        max_tokens=30,
    )
    assert translated.usage is not None and translated.usage.completion_tokens <= 30
