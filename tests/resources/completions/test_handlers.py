"""POST /v1/completions through the real SDK (in process), and the raw HTTP where the SDK hides
details (SSE framing, error envelopes)."""

from __future__ import annotations

import json
from typing import Any

import openai
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openai.types import Completion

from mockserver import tokens
from mockserver.settings import Settings
from tests import strategies
from tests.conftest import envelope
from tests.schema_check import validate_openapi, validate_sdk

INSTRUCT = "gpt-3.5-turbo-instruct"
QUESTION = "인공지능에 대해 알려주세요"
TRANSLATION = " 한국어를 영어로 번역합니다. 한국어 : 대한민국의 민주주의는 국민이 지킵니다. 영어 : "
SUMMARY = (
    "인공지능(Artificial Intelligence, AI)은 인간의 지능을 모방하거나 대체하는 기술을 말합니다. "
    "인공지능은 크게 강한 인공지능과 약한 인공지능으로 나뉩니다. 인공지능은 다양한 분야에서 "
    "활용되고 있습니다. \n\n Summarize the above text. "
)
HYPOTHESIS = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def ntokens(text: str) -> int:
    return tokens.count(text, "cl100k_base")


def post(http: Any, body: dict[str, Any]) -> Any:
    return http.post("/v1/completions", json=body)


def checked(data: dict[str, Any]) -> dict[str, Any]:
    validate_sdk(Completion, data)
    validate_openapi("CreateCompletionResponse", data)
    return data


# --- the seed's examples ---------------------------------------------------------------------


def test_seed_question(openai_client: Any) -> None:
    r = openai_client.completions.create(
        model=INSTRUCT, prompt=QUESTION, temperature=0, max_tokens=50
    )
    checked(r.model_dump(exclude_unset=True))
    assert r.object == "text_completion" and r.id.startswith("cmpl-")
    assert r.model == "gpt-3.5-turbo-instruct:20230824-v2"
    assert "인공지능" in r.choices[0].text.strip()
    assert r.usage.prompt_tokens == ntokens(QUESTION)
    assert r.usage.completion_tokens == ntokens(r.choices[0].text) <= 50
    assert r.usage.total_tokens == r.usage.prompt_tokens + r.usage.completion_tokens


def test_seed_summary_finishes_within_its_budget(openai_client: Any) -> None:
    r = openai_client.completions.create(
        model=INSTRUCT, prompt=SUMMARY, temperature=0, max_tokens=500
    )
    choice = r.choices[0]
    assert choice.finish_reason == "stop"
    assert choice.text.strip()
    assert r.usage.completion_tokens == ntokens(choice.text)


def test_seed_translation_is_cut_at_the_default_16_tokens(openai_client: Any) -> None:
    r = openai_client.completions.create(model=INSTRUCT, prompt=TRANSLATION, temperature=0)
    assert r.choices[0].finish_reason == "length"
    assert r.usage.completion_tokens == 16
    assert r.choices[0].text.strip()


# --- models ---------------------------------------------------------------------------------


def test_a_chat_model_is_refused_with_the_real_message(mock_http: Any) -> None:
    error = envelope(post(mock_http, {"model": "gpt-4o", "prompt": "hi"}))
    assert error["message"] == (
        "This is a chat model and not supported in the v1/completions endpoint. "
        "Did you mean to use v1/chat/completions?"
    )
    assert error["param"] == "model"


def test_unknown_model_is_model_not_found(mock_http: Any) -> None:
    response = post(mock_http, {"model": "davinci-003", "prompt": "hi"})
    assert response.status_code == 404
    assert envelope(response)["code"] == "model_not_found"


@pytest.mark.parametrize("model", ["davinci-002", "babbage-002", "gpt-3.5-turbo-instruct-0914"])
def test_base_models_echo_their_own_id(mock_http: Any, model: str) -> None:
    data = checked(post(mock_http, {"model": model, "prompt": "Once upon"}).json())
    assert data["model"] == model


# --- prompt shapes and indexing -------------------------------------------------------------


def test_choices_are_indexed_per_prompt(openai_client: Any) -> None:
    prompts = ["Tell me about cats", "Tell me about dogs", "Tell me about birds"]
    r = openai_client.completions.create(model=INSTRUCT, prompt=prompts, n=2, max_tokens=40)
    assert [c.index for c in r.choices] == list(range(6))
    assert r.usage.prompt_tokens == sum(ntokens(p) for p in prompts)
    # choice i*n + j answers prompt i: the two choices of a prompt share its topic
    for i, animal in enumerate(["cat", "dog", "bird"]):
        assert all(animal in c.text.lower() for c in r.choices[2 * i : 2 * i + 2])
    assert r.usage.completion_tokens == sum(ntokens(c.text) for c in r.choices)


def test_token_prompts_count_the_tokens_sent(openai_client: Any) -> None:
    ids = tokens.encode("Write a poem about the sea", "cl100k_base")
    single = openai_client.completions.create(model=INSTRUCT, prompt=ids, max_tokens=5)
    assert single.usage.prompt_tokens == len(ids)
    batch = openai_client.completions.create(model=INSTRUCT, prompt=[ids, ids[:2]], max_tokens=5)
    assert batch.usage.prompt_tokens == len(ids) + 2
    assert len(batch.choices) == 2


def test_missing_prompt_defaults_to_end_of_text(mock_http: Any) -> None:
    data = checked(post(mock_http, {"model": INSTRUCT}).json())
    assert data["usage"]["prompt_tokens"] == 1


@pytest.mark.parametrize(
    "prompt", [[], ["a", 1], [[1, 2], []], [[1, "a"]], [10**7], [-1], [True], {"a": 1}]
)
def test_malformed_prompts_are_the_schema_error(mock_http: Any, prompt: Any) -> None:
    response = post(mock_http, {"model": INSTRUCT, "prompt": prompt})
    assert response.status_code == 400
    message = envelope(response)["message"]
    if isinstance(prompt, dict):
        assert message.startswith("Invalid type for 'prompt'")
    else:
        assert message == (
            "'$.prompt' is invalid. Please check the API reference: "
            "https://platform.openai.com/docs/api-reference."
        )


def test_context_length_exceeded_has_the_real_wording(mock_http: Any) -> None:
    response = post(mock_http, {"model": INSTRUCT, "prompt": [15339] * 162, "max_tokens": 4000})
    assert response.status_code == 400
    assert envelope(response) == {
        "message": "This model's maximum context length is 4097 tokens, however you requested "
        "4162 tokens (162 in your prompt; 4000 for the completion). Please reduce your prompt; "
        "or completion length.",
        "type": "invalid_request_error",
        "param": None,
        "code": None,
    }
    ok = post(mock_http, {"model": INSTRUCT, "prompt": [15339] * 97, "max_tokens": 4000})
    assert ok.status_code == 200


# --- parameters -----------------------------------------------------------------------------


def test_best_of_must_cover_n_and_cannot_stream(mock_http: Any) -> None:
    low = post(mock_http, {"model": INSTRUCT, "prompt": "x", "n": 3, "best_of": 2})
    assert low.status_code == 400 and "best_of" in envelope(low)["message"]
    streamed = post(mock_http, {"model": INSTRUCT, "prompt": "x", "best_of": 2, "stream": True})
    assert streamed.status_code == 400 and "best_of" in envelope(streamed)["message"]


def test_best_of_candidates_are_billed_but_n_returned(openai_client: Any) -> None:
    one = openai_client.completions.create(model=INSTRUCT, prompt="Hi there", max_tokens=7)
    r = openai_client.completions.create(
        model=INSTRUCT, prompt="Hi there", max_tokens=7, n=1, best_of=3
    )
    assert len(r.choices) == 1
    assert r.choices[0].text == one.choices[0].text
    assert r.usage.completion_tokens > one.usage.completion_tokens


def test_temperature_zero_gives_identical_choices(openai_client: Any) -> None:
    r = openai_client.completions.create(
        model=INSTRUCT, prompt=QUESTION, n=3, temperature=0, max_tokens=20
    )
    assert len({c.text for c in r.choices}) == 1
    varied = openai_client.completions.create(model=INSTRUCT, prompt=QUESTION, n=3, max_tokens=20)
    assert len({c.text for c in varied.choices}) > 1


def test_seed_parameter_changes_the_text_deterministically(openai_client: Any) -> None:
    def text(seed: int | None) -> str:
        kwargs = {} if seed is None else {"seed": seed}
        r = openai_client.completions.create(
            model=INSTRUCT, prompt="Tell me about the moon", max_tokens=40, **kwargs
        )
        return str(r.choices[0].text)

    assert text(1) == text(1)
    assert text(None) == text(None)
    assert len({text(1), text(2), text(3)}) > 1


def test_echo_prepends_the_prompt(openai_client: Any) -> None:
    plain = openai_client.completions.create(model=INSTRUCT, prompt="Say hi", max_tokens=6)
    echoed = openai_client.completions.create(
        model=INSTRUCT, prompt="Say hi", max_tokens=6, echo=True
    )
    assert echoed.choices[0].text == "Say hi" + plain.choices[0].text
    assert echoed.usage == plain.usage


def test_echo_with_logprobs_is_refused_by_instruct(mock_http: Any) -> None:
    response = post(mock_http, {"model": INSTRUCT, "prompt": "x", "echo": True, "logprobs": 1})
    assert envelope(response)["message"] == (
        "Setting 'echo' and 'logprobs' at the same time is not supported for this model."
    )


def test_echo_with_logprobs_on_a_base_model(mock_http: Any) -> None:
    body = {"model": "davinci-002", "prompt": "Say hi", "echo": True, "logprobs": 2}
    choice = post(mock_http, body).json()["choices"][0]
    lp = choice["logprobs"]
    assert lp["tokens"][:2] == ["Say", " hi"]
    assert lp["token_logprobs"][0] is None and lp["top_logprobs"][0] is None
    assert lp["text_offset"][:2] == [0, 3]
    assert "".join(lp["tokens"]) == choice["text"]


@pytest.mark.parametrize("k", [0, 1, 3, 5])
def test_logprobs_shape(mock_http: Any, k: int) -> None:
    prompt = "Write about Seoul"
    data = checked(post(mock_http, {"model": INSTRUCT, "prompt": prompt, "logprobs": k}).json())
    choice = data["choices"][0]
    lp = choice["logprobs"]
    assert len(lp["tokens"]) == len(lp["token_logprobs"]) == len(lp["top_logprobs"])
    assert len(lp["tokens"]) == data["usage"]["completion_tokens"]
    assert "".join(lp["tokens"]) == choice["text"]
    assert lp["text_offset"][0] == len(prompt)
    assert lp["text_offset"] == sorted(lp["text_offset"])
    for score, top in zip(lp["token_logprobs"], lp["top_logprobs"], strict=True):
        assert score <= 0 and len(top) == k
        assert sum(2.718281828**v for v in top.values()) <= 1.0 + 1e-6


def test_logprobs_above_five_is_out_of_range(mock_http: Any) -> None:
    error = envelope(post(mock_http, {"model": INSTRUCT, "prompt": "x", "logprobs": 6}))
    assert error["message"] == (
        "Invalid 'logprobs': integer above maximum value. Expected a value <= 5, but got 6 instead."
    )
    assert error["param"] == "logprobs"


def test_stop_sequences_cut_the_text(openai_client: Any) -> None:
    full = openai_client.completions.create(model=INSTRUCT, prompt=QUESTION, max_tokens=200)
    text = full.choices[0].text
    stop = text.strip()[3:6]
    r = openai_client.completions.create(
        model=INSTRUCT, prompt=QUESTION, max_tokens=200, stop=[stop, "zzz"]
    )
    assert r.choices[0].finish_reason == "stop"
    assert stop not in r.choices[0].text and text.startswith(r.choices[0].text)


def test_too_many_stop_sequences(mock_http: Any) -> None:
    response = post(mock_http, {"model": INSTRUCT, "prompt": "x", "stop": list("abcde")})
    assert envelope(response)["code"] == "array_above_max_length"


@pytest.mark.parametrize(
    ("bias", "fragment"),
    [({"abc": 1}, "Invalid key in 'logit_bias': abc"), ({"999999": 1}, "Maximum value is 100257"),
     ({"50256": 200}, "logit_bias")],
)  # fmt: skip
def test_logit_bias_is_checked(mock_http: Any, bias: Any, fragment: str) -> None:
    response = post(mock_http, {"model": INSTRUCT, "prompt": "x", "logit_bias": bias})
    assert response.status_code == 400 and fragment in envelope(response)["message"]
    ok = post(mock_http, {"model": INSTRUCT, "prompt": "x", "logit_bias": {"50256": -100}})
    assert ok.status_code == 200


def test_unknown_argument(mock_http: Any) -> None:
    error = envelope(post(mock_http, {"model": INSTRUCT, "prompt": "x", "messages": []}))
    assert error["message"] == "Unrecognized request argument supplied: messages"


def test_all_documented_parameters_are_accepted(openai_client: Any) -> None:
    r = openai_client.completions.create(
        model=INSTRUCT, prompt="Hello", suffix="!", max_tokens=5, temperature=0.7, top_p=0.9,
        n=2, best_of=2, logprobs=1, echo=False, stop="\n\n\n", presence_penalty=0.5,
        frequency_penalty=-0.5, logit_bias={"50256": -100}, seed=7, user="user-1",
    )  # fmt: skip
    checked(r.model_dump(exclude_unset=True))


# --- streaming ------------------------------------------------------------------------------


def sse(response: Any) -> list[Any]:
    frames = response.text.split("\n\n")
    assert frames[-1] == "" and frames[-2] == "data: [DONE]"
    assert all(f.startswith("data: ") for f in frames[:-1])
    return [json.loads(f[len("data: ") :]) for f in frames[:-2]]


def test_stream_matches_the_plain_response(mock_http: Any) -> None:
    body = {"model": INSTRUCT, "prompt": ["Tell me about Busan", QUESTION], "n": 2}
    plain = post(mock_http, body).json()
    response = post(mock_http, {**body, "stream": True})
    assert response.headers["content-type"].startswith("text/event-stream")
    chunks = sse(response)
    texts: dict[int, str] = {}
    reasons: dict[int, str] = {}
    for chunk in chunks:
        assert chunk["object"] == "text_completion" and "usage" not in chunk
        (choice,) = chunk["choices"]
        texts[choice["index"]] = texts.get(choice["index"], "") + choice["text"]
        if choice["finish_reason"]:
            reasons[choice["index"]] = choice["finish_reason"]
    assert texts == {c["index"]: c["text"] for c in plain["choices"]}
    assert reasons == {c["index"]: c["finish_reason"] for c in plain["choices"]}


def test_stream_include_usage(openai_client: Any) -> None:
    stream = openai_client.completions.create(
        model=INSTRUCT, prompt=QUESTION, max_tokens=10, stream=True,
        stream_options={"include_usage": True},
    )  # fmt: skip
    chunks = list(stream)
    assert all(c.usage is None for c in chunks[:-1])
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens == 10
    assert chunks[-1].usage.prompt_tokens == ntokens(QUESTION)


def test_stream_with_echo_and_logprobs(mock_http: Any) -> None:
    body = {"model": "davinci-002", "prompt": "안녕", "echo": True, "logprobs": 1, "stream": True}
    chunks = sse(post(mock_http, body))
    first = chunks[0]["choices"][0]
    assert first["text"] == "안녕" and first["logprobs"]["token_logprobs"][0] is None
    tokens_seen = [t for c in chunks for t in c["choices"][0]["logprobs"]["tokens"]]
    plain = post(mock_http, {**body, "stream": False}).json()["choices"][0]
    assert tokens_seen == plain["logprobs"]["tokens"]


def test_stream_options_need_stream(mock_http: Any) -> None:
    body = {"model": INSTRUCT, "prompt": "x", "stream_options": {"include_usage": True}}
    error = envelope(post(mock_http, body))
    assert (
        error["message"]
        == "The 'stream_options' parameter is only allowed when 'stream' is enabled."
    )


# --- rules ----------------------------------------------------------------------------------


@pytest.fixture
def mock_settings() -> Settings:
    from mockserver.clock import FixedClock

    rules = [{"match": {"endpoint": "completions", "contains": "scripted"},
              "reply": {"content": "A scripted answer."}}]  # fmt: skip
    return Settings(seed=0, clock=FixedClock(1_700_000_000), rules=rules)


def test_a_rule_scripts_the_text(openai_client: Any) -> None:
    r = openai_client.completions.create(model=INSTRUCT, prompt="a scripted prompt")
    assert r.choices[0].text == "A scripted answer."
    assert r.choices[0].finish_reason == "stop"


# --- properties -----------------------------------------------------------------------------

words = st.sampled_from(["sea", "moon", "Seoul", "바다", "하늘", "code", "tea", "music", "왜"])
prompts = st.lists(words, min_size=1, max_size=6).map(" ".join)


@HYPOTHESIS
@given(prompt=prompts, small=st.integers(0, 12), extra=st.integers(1, 30))
def test_a_larger_budget_reveals_more_of_the_same_text(
    mock_http: Any, prompt: str, small: int, extra: int
) -> None:
    def ids(budget: int) -> list[str]:
        body = {"model": INSTRUCT, "prompt": prompt, "max_tokens": budget, "logprobs": 0}
        data = post(mock_http, body).json()
        assert data["usage"]["completion_tokens"] == len(data["choices"][0]["logprobs"]["tokens"])
        return list(data["choices"][0]["logprobs"]["tokens"])

    short, long = ids(small), ids(small + extra)
    assert long[: len(short)] == short and len(short) <= small


@HYPOTHESIS
@given(batch=st.lists(prompts, min_size=1, max_size=3), n=st.integers(1, 3))
def test_usage_arithmetic(mock_http: Any, batch: list[str], n: int) -> None:
    body = {"model": INSTRUCT, "prompt": batch, "n": n, "max_tokens": 9}
    first = checked(post(mock_http, body).json())
    again = post(mock_http, body).json()
    assert first["choices"] == again["choices"]  # deterministic
    usage = first["usage"]
    assert usage["prompt_tokens"] == sum(ntokens(p) for p in batch)
    assert usage["completion_tokens"] == sum(ntokens(c["text"]) for c in first["choices"])
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    assert [c["index"] for c in first["choices"]] == list(range(len(batch) * n))


json_values = strategies.json_values()
fields = st.sampled_from(
    ["prompt", "suffix", "max_tokens", "temperature", "top_p", "n", "best_of", "stream",
     "stream_options", "logprobs", "echo", "stop", "presence_penalty", "frequency_penalty",
     "logit_bias", "seed", "user", "bogus"]
)  # fmt: skip


@HYPOTHESIS
@given(body=st.dictionaries(fields, json_values, max_size=4))
def test_no_5xx_for_generated_requests(mock_http: Any, body: dict[str, Any]) -> None:
    response = post(mock_http, {"model": INSTRUCT, **body})
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        envelope(response)


def test_sdk_raises_bad_request_for_4xx(openai_client: Any) -> None:
    with pytest.raises(openai.BadRequestError):
        openai_client.completions.create(model=INSTRUCT, prompt="x", n=0)
