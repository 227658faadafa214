"""Properties: generated valid requests get conforming replies; generated invalid ones get a
4xx with a valid envelope, never a 5xx. Few examples against a paid target (each costs)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openai.types import CreateEmbeddingResponse
from openai.types.chat import ChatCompletion

from . import checks
from .target import Target

CHAT = "/v1/chat/completions"
# Examples per property: the mock is free; a paid target gets a handful (rejected requests
# are not billed, so the invalid-request property keeps more).
VALID_EXAMPLES = 12
INVALID_EXAMPLES = 25
BASE = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)

text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40
)
message = st.fixed_dictionaries(
    {"role": st.sampled_from(["user", "system", "developer"]), "content": text}
)
chat_body = st.fixed_dictionaries(
    {
        "messages": st.lists(message, min_size=1, max_size=3).map(
            lambda m: [*m, m[-1] | {"role": "user"}]
        )
    },
    optional={
        "max_tokens": st.integers(1, 12),
        "temperature": st.floats(0, 2, allow_nan=False),
        "top_p": st.floats(0, 1, allow_nan=False),
        "n": st.integers(1, 2),
        "presence_penalty": st.floats(-2, 2, allow_nan=False),
        "seed": st.integers(0, 2**31 - 1),
        "user": text,
    },
)
# one parameter made invalid: wrong type, out of range, or unknown
invalid_param = st.one_of(
    st.tuples(st.just("temperature"), st.one_of(st.floats(2.01, 1e6), st.text(max_size=3))),
    st.tuples(st.just("top_p"), st.one_of(st.floats(1.01, 10), st.floats(-10, -0.01))),
    st.tuples(st.just("n"), st.one_of(st.integers(-5, 0), st.just("two"), st.just(1.5))),
    st.tuples(st.just("max_tokens"), st.one_of(st.integers(-100, 0), st.just("10"))),
    st.tuples(
        st.just("messages"), st.one_of(st.just([]), st.just("hi"), st.just([{"role": "user"}]))
    ),
    st.tuples(st.just("stop"), st.lists(st.just("x"), min_size=5, max_size=6)),
    st.tuples(st.just("presence_penalty"), st.floats(2.01, 100)),
    st.tuples(st.just("logit_bias"), st.just({"x": 1})),
    st.tuples(st.sampled_from(["fooo", "temperature_x", "max_token"]), st.integers()),
    st.tuples(st.just("model"), st.one_of(st.just(5), st.just("no-such-model"))),
)


def examples(target: Target, free: int, paid: int) -> int:
    return free if target.is_mock else paid


@pytest.mark.conformance(CHAT, "properties", requests=VALID_EXAMPLES)
def test_valid_chat_requests_conform(target: Target) -> None:
    @settings(BASE, max_examples=examples(target, VALID_EXAMPLES, 3))
    @given(body=chat_body)
    def run(body: dict[str, Any]) -> None:
        body = {"model": target.models.chat, "max_tokens": 8, **body}
        data = checks.expect_json(
            target.post("/chat/completions", body), ChatCompletion, "CreateChatCompletionResponse"
        )
        n = body.get("n", 1)
        assert [c["index"] for c in data["choices"]] == list(range(n))
        checks.assert_usage(data["usage"])
        assert data["usage"]["completion_tokens"] <= body["max_tokens"] * n

    run()


@pytest.mark.conformance(CHAT, "properties")
def test_invalid_chat_requests_get_a_4xx_envelope(target: Target) -> None:
    @settings(BASE, max_examples=examples(target, INVALID_EXAMPLES, 10))
    @given(bad=invalid_param)
    def run(bad: tuple[str, Any]) -> None:
        name, value = bad
        body: dict[str, Any] = {"model": target.models.chat, "max_tokens": 5}
        body["messages"] = [{"role": "user", "content": "hi"}]
        body[name] = value
        # an unknown model is rightly a 404: the endpoint's own answer, not "not served"
        response = target.error_request(CHAT, "POST", "/chat/completions", json_body=body)
        assert response.status_code < 500, f"{name}={value!r}: {response.status_code}"
        error = checks.expect_error(response)
        if error["param"] is not None and name in body and name != "model":
            assert error["param"].split("[")[0].split(".")[0] == name, (name, error)

    run()


@pytest.mark.conformance("/v1/embeddings", "properties", requests=VALID_EXAMPLES)
def test_valid_embedding_requests_conform(target: Target) -> None:
    @settings(BASE, max_examples=examples(target, VALID_EXAMPLES, 3))
    @given(inputs=st.lists(text, min_size=1, max_size=4), dims=st.none() | st.integers(1, 64))
    def run(inputs: list[str], dims: int | None) -> None:
        body: dict[str, Any] = {"model": target.models.embedding, "input": inputs}
        if dims is not None:
            body["dimensions"] = dims
        data = checks.expect_json(
            target.post("/embeddings", body), CreateEmbeddingResponse, "CreateEmbeddingResponse"
        )
        assert [d["index"] for d in data["data"]] == list(range(len(inputs)))
        assert all(len(d["embedding"]) == (dims or 1536) for d in data["data"])

    run()


RESPONSES = "/v1/responses"
input_item = st.fixed_dictionaries(
    {"role": st.sampled_from(["user", "system", "developer", "assistant"]), "content": text}
)
responses_body = st.fixed_dictionaries(
    {"input": st.one_of(text, st.lists(input_item, min_size=1, max_size=3))},
    optional={
        "instructions": text,
        "max_output_tokens": st.integers(16, 24),
        "temperature": st.floats(0, 2, allow_nan=False),
        "top_p": st.floats(0, 1, allow_nan=False),
        "metadata": st.dictionaries(st.text("abc", min_size=1, max_size=5), text, max_size=3),
    },
)
invalid_responses_param = st.one_of(
    st.tuples(st.just("temperature"), st.one_of(st.floats(2.01, 1e6), st.text(max_size=3))),
    st.tuples(st.just("top_p"), st.one_of(st.floats(1.01, 10), st.floats(-10, -0.01))),
    st.tuples(st.just("max_output_tokens"), st.one_of(st.integers(-100, 15), st.just("20"))),
    st.tuples(
        st.just("input"),
        st.one_of(st.just(5), st.just([{"role": "bot", "content": "x"}]), st.just([{}])),
    ),
    st.tuples(st.just("text"), st.just({"format": {"type": "yaml"}})),
    st.tuples(st.just("truncation"), st.just("sometimes")),
    st.tuples(st.just("include"), st.just(["nothing.at_all"])),
    st.tuples(st.sampled_from(["messages", "max_tokens", "n"]), st.integers()),
)


@pytest.mark.conformance(RESPONSES, "properties", requests=VALID_EXAMPLES)
def test_valid_responses_requests_conform(target: Target) -> None:
    @settings(BASE, max_examples=examples(target, VALID_EXAMPLES, 3))
    @given(body=responses_body)
    def run(body: dict[str, Any]) -> None:
        from openai.types.responses import Response

        body = {"model": target.models.chat, "max_output_tokens": 16, "store": False, **body}
        data = checks.expect_json(
            target.post("/responses", body), Response, "Response", allow_extra=("store",)
        )
        usage = data["usage"]
        assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"], usage
        assert usage["output_tokens"] <= body["max_output_tokens"], usage

    run()


@pytest.mark.conformance(RESPONSES, "properties")
def test_invalid_responses_requests_get_a_4xx_envelope(target: Target) -> None:
    @settings(BASE, max_examples=examples(target, INVALID_EXAMPLES, 10))
    @given(bad=invalid_responses_param)
    def run(bad: tuple[str, Any]) -> None:
        name, value = bad
        body: dict[str, Any] = {"model": target.models.chat, "input": "hi", "store": False}
        body[name] = value
        response = target.error_request(RESPONSES, "POST", "/responses", json_body=body)
        assert response.status_code < 500, f"{name}={value!r}: {response.status_code}"
        error = checks.expect_error(response)
        if error["param"] is not None:
            assert error["param"].split("[")[0].split(".")[0] == name, (name, error)

    run()
