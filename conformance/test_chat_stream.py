"""POST /v1/chat/completions with ``stream: true``: data-only SSE framing, chunk shapes, the
``include_usage`` chunk, and the SDK's iteration (the seed's streaming example)."""

from __future__ import annotations

from typing import Any

import pytest
from openai.types.chat import ChatCompletionChunk

from . import checks, schemas
from .target import Target
from .test_chat import ENDPOINT, LONG_ASK, SEED_MESSAGES

CHUNK_COMPONENT = "CreateChatCompletionStreamResponse"


def at(feature: str) -> pytest.MarkDecorator:
    return pytest.mark.conformance(ENDPOINT, feature)


def stream(target: Target, **body: Any) -> list[dict[str, Any]]:
    body.setdefault("model", target.models.chat)
    body.setdefault("messages", SEED_MESSAGES)
    body.setdefault("max_tokens", 20)
    body["stream"] = True
    response, text = target.post_stream_text("/chat/completions", body)
    chunks = checks.chunks_of(checks.expect_stream(response, text))
    assert chunks, "no chunks before [DONE]"
    for i, chunk in enumerate(chunks):
        try:
            schemas.validate_sdk(ChatCompletionChunk, chunk)
            schemas.validate_openapi(CHUNK_COMPONENT, chunk)
        except AssertionError as exc:
            raise AssertionError(f"chunk {i}: {exc}") from None
    return chunks


@at("streaming")
def test_stream_framing_and_chunks(target: Target) -> None:
    chunks = stream(target)
    first = chunks[0]
    assert first["object"] == "chat.completion.chunk"
    assert first["id"].startswith("chatcmpl-"), first["id"]
    for key in ("id", "created", "model", "system_fingerprint"):
        values = {chunk.get(key) for chunk in chunks}
        assert len(values) == 1, f"{key} changes between chunks: {sorted(map(str, values))}"
    assert first["choices"][0]["delta"].get("role") == "assistant", (
        f"the first delta carries no role: {first['choices'][0]['delta']}"
    )
    roles = [c["choices"][0]["delta"].get("role") for c in chunks[1:] if c["choices"]]
    assert not any(roles), f"role repeated after the first chunk: {roles}"
    reasons = [c["choices"][0]["finish_reason"] for c in chunks if c["choices"]]
    assert reasons[-1] in {"stop", "length"}, f"last finish_reason {reasons[-1]!r}"
    assert all(r is None for r in reasons[:-1]), f"finish_reason before the end: {reasons}"
    assert all(c.get("usage") is None for c in chunks), "usage sent without include_usage"
    assert checks.content_of(chunks), "the stream carried no content"


@at("streaming")
def test_stream_length_at_max_tokens(target: Target) -> None:
    chunks = stream(target, messages=LONG_ASK, max_tokens=5)
    reasons = [c["choices"][0]["finish_reason"] for c in chunks if c["choices"]]
    assert reasons[-1] == "length", reasons
    tol = 0 if target.is_mock else 1
    checks.assert_close(checks.count_tokens(checks.content_of(chunks)), 5, tol, "streamed tokens")


@at("streaming usage")
def test_include_usage_chunk(target: Target) -> None:
    chunks = stream(target, stream_options={"include_usage": True})
    last = chunks[-1]
    assert last["choices"] == [], f"the usage chunk has choices: {last['choices']}"
    assert last.get("usage"), "no usage on the last chunk with include_usage"
    checks.assert_usage(last["usage"])
    for chunk in chunks[:-1]:
        assert "usage" in chunk and chunk["usage"] is None, (
            "with include_usage every other chunk carries usage: null"
        )
    tol = 0 if target.is_mock else 2
    checks.assert_close(
        last["usage"]["completion_tokens"],
        checks.count_tokens(checks.content_of(chunks)),
        tol,
        "streamed completion_tokens",
    )
    checks.assert_close(
        last["usage"]["prompt_tokens"],
        checks.chat_prompt_tokens(SEED_MESSAGES),
        0 if target.is_mock else checks.PROMPT_TOKEN_TOLERANCE,
        "streamed prompt_tokens",
    )


@at("streaming")
def test_stream_n_choices(target: Target) -> None:
    chunks = stream(target, n=2, max_tokens=6)
    seen = {c["index"] for chunk in chunks for c in chunk["choices"]}
    assert seen == {0, 1}, f"choice indices {sorted(seen)}"
    for index in (0, 1):
        ends = [
            c["finish_reason"]
            for chunk in chunks
            for c in chunk["choices"]
            if c["index"] == index and c["finish_reason"]
        ]
        assert len(ends) == 1, f"choice {index}: finish_reasons {ends}"


@at("seed examples")
def test_seed_streaming_with_the_sdk(target: Target) -> None:
    completion = target.sdk().chat.completions.create(
        model=target.models.chat,
        messages=[
            {"role": "developer", "content": "You are a helpful assistant."},
            {"role": "user", "content": "HELLO!"},
        ],
        stream=True,
        max_tokens=20,
    )
    deltas = [chunk.choices[0].delta for chunk in completion]
    assert deltas[0].role == "assistant"
    assert "".join(d.content or "" for d in deltas)
