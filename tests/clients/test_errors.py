from __future__ import annotations

import random
from typing import Any

import httpx2
import openai
import pytest
from openai import OpenAI
from starlette.testclient import TestClient

from clients.config import ApiKey, mask
from clients.errors import Backoff, explain, retry_after_seconds, with_backoff

from .conftest import SECRET

HELLO: list[Any] = [{"role": "user", "content": "Hello!"}]


def _error(call: object) -> openai.OpenAIError:
    assert callable(call)
    with pytest.raises(openai.OpenAIError) as caught:
        call()
    return caught.value


def test_a_bad_request_names_the_param(client: OpenAI) -> None:
    error = _error(
        lambda: client.chat.completions.create(model="gpt-4o-mini", messages=HELLO, temperature=5)
    )
    why = explain(error)
    assert (why.kind, why.status, why.param) == ("BadRequestError", 400, "temperature")
    assert why.what.startswith("Invalid 'temperature'")  # the server's words, no SDK prefix
    assert not why.retryable
    assert why.request_id and why.request_id.startswith("req_")
    assert "param" in why.why[0] and "param" in why.why[1]


def test_a_rate_limit_carries_retry_after(client: OpenAI) -> None:
    error = _error(
        lambda: client.chat.completions.create(
            model="gpt-4o-mini", messages=HELLO, extra_headers={"X-Mock-Fault": "429"}
        )
    )
    why = explain(error)
    assert (why.kind, why.status, why.retry_after, why.code) == (
        "RateLimitError", 429, 1.0, "rate_limit_exceeded"
    )  # fmt: skip
    assert why.retryable and "retry-after" in why.why[0]


def test_a_wrong_key_is_explained_and_masked(client: OpenAI, mock_http: TestClient) -> None:
    mock_http.post("/__mock__/keys", json={"api_keys": ["sk-the-only-good-key-000"]})
    error = _error(lambda: client.models.list())
    why = explain(error, ApiKey(SECRET))
    assert (why.kind, why.status, why.code) == ("AuthenticationError", 401, "invalid_api_key")
    assert SECRET not in why.what
    assert "OPENAI_API_KEY" in why.why[0]


def test_a_message_holding_the_key_is_masked() -> None:
    error = openai.APIConnectionError(
        message=f"could not send with {SECRET}", request=httpx2.Request("GET", "http://x")
    )
    assert explain(error, ApiKey(SECRET)).what == f"could not send with {mask(SECRET)}"


def test_a_timeout_is_explained() -> None:
    why = explain(openai.APITimeoutError(request=httpx2.Request("POST", "http://x")))
    assert (why.kind, why.status, why.retryable) == ("APITimeoutError", None, True)
    assert "timeout" in why.why[0]


def test_not_an_api_error() -> None:
    assert explain(ValueError("x")).why[0] == "Not an API error."


def _response(headers: dict[str, str]) -> openai.APIStatusError:
    request = httpx2.Request("POST", "http://x")
    return openai.RateLimitError(
        "slow", response=httpx2.Response(429, headers=headers, request=request), body=None
    )


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [({"retry-after": "3"}, 3.0), ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
     ({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, None), ({"retry-after": "-1"}, None),
     ({}, None)],
)  # fmt: skip
def test_retry_after(headers: dict[str, str], seconds: float | None) -> None:
    assert retry_after_seconds(_response(headers)) == seconds


def test_backoff_retries_a_rate_limit_then_succeeds(client: OpenAI, mock_http: TestClient) -> None:
    mock_http.post(
        "/__mock__/faults", json={"path": "/v1/chat/completions", "status": 429, "times": 2}
    )
    waits: list[float] = []
    seen: list[int] = []
    completion = with_backoff(
        lambda: client.chat.completions.create(model="gpt-4o-mini", messages=HELLO),
        policy=Backoff(attempts=3, base=0.1, jitter=0.0),
        sleep=waits.append,
        on_retry=lambda attempt, error, wait: seen.append(attempt),
    )
    assert completion.choices[0].message.content
    assert seen == [1, 2]
    assert waits == [1.0, 1.0]  # retry-after (1 s) beats the 0.1 s and 0.2 s backoff


def test_backoff_grows_and_is_capped() -> None:
    calls = 0

    def down() -> None:
        nonlocal calls
        calls += 1
        raise openai.APIConnectionError(request=httpx2.Request("GET", "http://x"))

    waits: list[float] = []
    with pytest.raises(openai.APIConnectionError):
        with_backoff(down, policy=Backoff(attempts=5, base=1, cap=5, jitter=0.5),
                     sleep=waits.append, rng=random.Random(1))  # fmt: skip
    assert calls == 5
    assert len(waits) == 4
    assert 1 <= waits[0] <= 1.5 and 2 <= waits[1] <= 3 and waits[3] == 5


def test_backoff_leaves_other_errors_alone(client: OpenAI) -> None:
    waits: list[float] = []
    with pytest.raises(openai.BadRequestError):
        with_backoff(
            lambda: client.chat.completions.create(model="gpt-4o-mini", messages=HELLO, n=200),
            sleep=waits.append,
        )
    assert waits == []
