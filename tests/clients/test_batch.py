"""A batch of 100 chat requests through the SDK, run to completion: each line's body is what
/v1/chat/completions answers directly (a second mock with the same seed, asked the same
requests in the same order, gives the same bytes, ids included)."""

from __future__ import annotations

from typing import Any

from openai import OpenAI
from starlette.testclient import TestClient

from clients.batch import chat_requests, run_batch, to_jsonl
from mockserver import create_app
from mockserver.clock import FixedClock
from mockserver.settings import Settings
from mockserver.testing import FROZEN_TIME, TEST_KEY


def test_a_hundred_chat_requests_equal_their_direct_answers(client: OpenAI) -> None:
    requests = chat_requests([f"Question {i}: what is {i} + {i}?" for i in range(100)])
    naps: list[float] = []
    result = run_batch(client, requests, every=5.0, sleep=naps.append)
    assert result.batch.status == "completed" and result.polls == 3 and naps == [5.0, 5.0]
    counts = result.batch.request_counts
    assert counts is not None and (counts.total, counts.completed, counts.failed) == (100, 100, 0)
    assert set(result.responses) == set(requests)
    app = create_app(Settings(seed=0, clock=FixedClock(FROZEN_TIME)))
    with TestClient(app, headers={"Authorization": f"Bearer {TEST_KEY}"}) as direct:
        for custom_id, body in requests.items():
            answer = direct.post("/v1/chat/completions", json=body)
            assert result.responses[custom_id]["status_code"] == answer.status_code == 200
            assert result.body(custom_id) == answer.json(), custom_id
    usage = result.batch.usage
    assert usage is not None
    assert usage.input_tokens == sum(result.body(c)["usage"]["prompt_tokens"] for c in requests)


def test_to_jsonl_writes_one_request_a_line() -> None:
    data = to_jsonl({"a": {"model": "m"}}, "/v1/embeddings")
    assert data == (
        b'{"custom_id": "a", "method": "POST", "url": "/v1/embeddings", "body": {"model": "m"}}\n'
    )


def test_a_refused_line_comes_back_with_its_error(client: OpenAI, mock_http: Any) -> None:
    requests = {"bad": {"model": "gpt-4o-mini", "messages": [], "max_tokens": 5}}
    result = run_batch(client, requests, sleep=lambda _: None)
    assert result.responses["bad"]["status_code"] == 400
    assert result.body("bad")["error"]["param"] == "messages"
