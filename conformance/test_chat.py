"""POST /v1/chat/completions, non-streaming: shape, usage, length/stop/n, logprobs, headers,
and the seed's own calls through the SDK."""

from __future__ import annotations

from typing import Any

import pytest
from openai.types.chat import ChatCompletion

from . import checks
from .target import Target

ENDPOINT = "/v1/chat/completions"
COMPONENT = "CreateChatCompletionResponse"
SEED_MESSAGES = [
    {"role": "developer", "content": "You are a helpful assistant."},
    {"role": "user", "content": "Hello!"},
]
LONG_ASK = [{"role": "user", "content": "Write a long story about a lighthouse keeper."}]


def at(feature: str, **kwargs: Any) -> pytest.MarkDecorator:
    return pytest.mark.conformance(ENDPOINT, feature, **kwargs)


def create(target: Target, **body: Any) -> dict[str, Any]:
    body.setdefault("model", target.models.chat)
    body.setdefault("messages", SEED_MESSAGES)
    body.setdefault("max_tokens", 20)
    body = {k: v for k, v in body.items() if v is not None}  # None: leave the key out
    data: dict[str, Any] = checks.expect_json(
        target.post("/chat/completions", body), ChatCompletion, COMPONENT
    )
    return data


def tolerance(target: Target, real: int) -> int:
    return 0 if target.is_mock else real


@at("shape")
def test_chat_completion_shape(target: Target) -> None:
    data = create(target)
    assert data["object"] == "chat.completion"
    assert data["id"].startswith("chatcmpl-"), data["id"]
    assert data["model"].startswith(target.models.chat), data["model"]
    assert [c["index"] for c in data["choices"]] == [0]
    choice = data["choices"][0]
    assert choice["message"]["role"] == "assistant"
    assert isinstance(choice["message"]["content"], str) and choice["message"]["content"]
    assert choice["finish_reason"] in {"stop", "length"}
    assert "refusal" in choice["message"], "message.refusal missing (null when no refusal)"


@at("usage")
def test_usage_arithmetic_and_counts(target: Target) -> None:
    data = create(target)
    usage = data["usage"]
    checks.assert_usage(usage)
    expected = checks.chat_prompt_tokens(SEED_MESSAGES)
    checks.assert_close(
        usage["prompt_tokens"],
        expected,
        tolerance(target, checks.PROMPT_TOKEN_TOLERANCE),
        "prompt_tokens against the tiktoken count",
    )
    content = data["choices"][0]["message"]["content"]
    checks.assert_close(
        usage["completion_tokens"],
        checks.count_tokens(content),
        tolerance(target, 2),
        "completion_tokens against the reply's tiktoken count",
    )
    details = usage.get("completion_tokens_details") or {}
    assert details.get("reasoning_tokens", 0) <= usage["completion_tokens"]


@at("max_tokens")
def test_length_exactly_at_max_tokens(target: Target) -> None:
    data = create(target, messages=LONG_ASK, max_tokens=5)
    choice = data["choices"][0]
    assert choice["finish_reason"] == "length", choice["finish_reason"]
    assert data["usage"]["completion_tokens"] == 5, data["usage"]
    checks.assert_close(
        checks.count_tokens(choice["message"]["content"]),
        5,
        tolerance(target, 1),
        "tokens in the cut reply",
    )


@at("max_tokens")
def test_max_completion_tokens_is_honoured(target: Target) -> None:
    data = create(target, messages=LONG_ASK, max_tokens=None, max_completion_tokens=7)
    assert data["choices"][0]["finish_reason"] == "length"
    assert data["usage"]["completion_tokens"] == 7, data["usage"]


@at("stop")
def test_stop_sequence_is_honoured(target: Target) -> None:
    ask = [{"role": "user", "content": "Count from 1 to 20, separated by commas."}]
    free = create(target, messages=ask, max_tokens=40, temperature=0)
    text = free["choices"][0]["message"]["content"]
    words = [w for w in text.split() if len(w) > 1]
    assert words, f"reply too short to pick a stop sequence from: {text!r}"
    stop = words[len(words) // 2]
    stopped = create(target, messages=ask, max_tokens=40, temperature=0, stop=[stop])
    choice = stopped["choices"][0]
    assert stop not in choice["message"]["content"], f"stop {stop!r} in {choice['message']!r}"
    if choice["message"]["content"] and text.startswith(choice["message"]["content"]):
        assert choice["finish_reason"] == "stop", choice["finish_reason"]
        assert text[len(choice["message"]["content"]) :].startswith(stop), (
            "the reply was not cut at the stop sequence"
        )


@at("n")
def test_n_choices_are_indexed(target: Target) -> None:
    data = create(target, n=3, max_tokens=8)
    assert [c["index"] for c in data["choices"]] == [0, 1, 2]
    total = sum(checks.count_tokens(c["message"]["content"] or "") for c in data["choices"])
    checks.assert_close(
        data["usage"]["completion_tokens"],
        total,
        tolerance(target, 3),
        "completion_tokens over all choices",
    )


@at("logprobs")
def test_logprobs(target: Target) -> None:
    data = create(target, logprobs=True, top_logprobs=2, max_tokens=6)
    logprobs = data["choices"][0]["logprobs"]
    assert logprobs is not None, "logprobs requested but null"
    content = logprobs["content"]
    assert content, "logprobs.content is empty"
    assert "".join(t["token"] for t in content) == data["choices"][0]["message"]["content"]
    for token in content:
        assert token["logprob"] <= 0, token
        assert len(token["top_logprobs"]) == 2, token
        assert token["bytes"] == list(token["token"].encode("utf-8")) or token["bytes"], token


@at("logprobs")
def test_no_logprobs_unless_asked(target: Target) -> None:
    assert create(target)["choices"][0]["logprobs"] is None


@at("headers")
def test_rate_limit_and_request_id_headers(target: Target) -> None:
    response = target.post(
        "/chat/completions",
        {"model": target.models.chat, "messages": SEED_MESSAGES, "max_tokens": 5},
    )
    assert response.status_code == 200, response.text[:300]
    checks.expect_header(response, "x-request-id", r"req_[0-9a-zA-Z]+")
    for name in ("limit-requests", "limit-tokens", "remaining-requests", "remaining-tokens"):
        checks.expect_header(response, f"x-ratelimit-{name}", r"\d+")
    for name in ("reset-requests", "reset-tokens"):
        checks.expect_header(response, f"x-ratelimit-{name}", r"(\d+(\.\d+)?(ms|s|m|h))+")
    assert int(response.headers["x-ratelimit-remaining-requests"]) <= int(
        response.headers["x-ratelimit-limit-requests"]
    )


@at("seed examples")
def test_seed_create_chat_completion(target: Target) -> None:
    completion = target.sdk().chat.completions.create(
        model=target.models.chat, messages=SEED_MESSAGES, max_tokens=20
    )
    assert completion.choices[0].message.role == "assistant"
    assert isinstance(completion.choices[0].message.content, str)


@at("seed examples")
def test_seed_multi_turn_context(target: Target) -> None:
    client = target.sdk()
    context: list[Any] = [
        {"role": "system", "content": "당신은 유용한 조수입니다."},
        {"role": "user", "content": "지도학습은 무엇인가요?"},
    ]
    first = client.chat.completions.create(
        model=target.models.chat, messages=context, max_tokens=30
    )
    context.append({"role": "assistant", "content": first.choices[0].message.content})
    context.append({"role": "user", "content": "지도 학습에 대해 예제 코드를 만들어 주세요"})
    second = client.chat.completions.create(
        model=target.models.chat, messages=context, max_tokens=30
    )
    assert second.usage is not None and first.usage is not None
    assert second.usage.prompt_tokens > first.usage.prompt_tokens


@at("vision", requests=1)
def test_image_url_content_part(target: Target) -> None:
    # a 1x1 PNG as a data URL: nothing for the server to download
    pixel = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8"
        "z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    )
    messages = [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "What's in this image?"},
                {"type": "image_url", "image_url": {"url": pixel, "detail": "low"}},
            ],
        }
    ]
    data = create(target, messages=messages, max_tokens=10)
    assert data["usage"]["prompt_tokens"] > checks.count_tokens("What's in this image?")
