from __future__ import annotations

import json
from pathlib import Path

import pytest
from openai import OpenAI
from starlette.testclient import TestClient

from clients.conversation import count_message_tokens
from clients.cost import PRICES_PATH, BudgetExceeded, CostTracker, PriceTable, UnknownPrice

from .conftest import journal

QUESTION = [{"role": "user", "content": "AI가 무엇인가요??"}]


def test_the_table_is_dated_and_sourced() -> None:
    data = json.loads(PRICES_PATH.read_text(encoding="utf-8"))
    assert data["as_of"] and data["source"].startswith("https://")
    table = PriceTable.load()
    assert table.price("gpt-4o-mini-2024-07-18") == table.prices["gpt-4o-mini"]
    assert table.cost("gpt-4o", 1_000_000, 1_000_000) == pytest.approx(12.5)
    with pytest.raises(UnknownPrice):
        table.price("no-such-model")


def test_tokens_and_cost_are_summed_per_model(client: OpenAI) -> None:
    tracker = CostTracker()
    first = tracker.chat(client, model="gpt-4o-mini", messages=QUESTION)
    second = tracker.chat(client, model="gpt-4o-mini", messages=QUESTION, max_tokens=20)
    vectors = client.embeddings.create(model="text-embedding-3-small", input=["a", "b"])
    tracker.record(vectors)
    mini = tracker.by_model[first.model]
    assert mini.requests == 2
    assert first.usage is not None and second.usage is not None
    assert mini.input_tokens == first.usage.prompt_tokens + second.usage.prompt_tokens
    assert mini.output_tokens == first.usage.completion_tokens + second.usage.completion_tokens
    expected = (mini.input_tokens * 0.15 + mini.output_tokens * 0.60) / 1_000_000
    assert mini.cost_usd == pytest.approx(expected)
    assert tracker.by_model["text-embedding-3-small"].input_tokens == vectors.usage.prompt_tokens
    assert tracker.spent_usd == pytest.approx(sum(u.cost_usd for u in tracker.by_model.values()))


def test_the_budget_refuses_a_call_before_it_is_sent(client: OpenAI, mock_http: TestClient) -> None:
    tracker = CostTracker(budget_usd=0.001)
    tracker.chat(client, model="gpt-4o-mini", messages=QUESTION, max_tokens=50)
    sent = len(journal(mock_http, "/v1/chat/completions"))
    with pytest.raises(BudgetExceeded, match="not sent"):
        # 4,000 output tokens of gpt-4o could cost $0.04: far past what is left.
        tracker.chat(client, model="gpt-4o", messages=QUESTION, max_tokens=4000)
    assert len(journal(mock_http, "/v1/chat/completions")) == sent
    assert tracker.remaining_usd is not None and 0 < tracker.remaining_usd < 0.001


def test_the_estimate_is_an_upper_bound(client: OpenAI) -> None:
    tracker = CostTracker()
    estimate = tracker.check("gpt-4o", count_message_tokens(QUESTION, "gpt-4o"), 50)
    completion = tracker.chat(client, model="gpt-4o", messages=QUESTION, max_tokens=50)
    assert tracker.by_model[completion.model].cost_usd <= estimate


def test_a_budgeted_call_must_cap_its_output(client: OpenAI) -> None:
    tracker = CostTracker(budget_usd=1.0)
    with pytest.raises(ValueError, match="max_tokens"):
        tracker.chat(client, model="gpt-4o-mini", messages=QUESTION)
    with pytest.raises(UnknownPrice):
        tracker.chat(client, model="mystery-model", messages=QUESTION, max_tokens=5)


def test_an_unpriced_response_is_counted_but_marked(tmp_path: Path, client: OpenAI) -> None:
    table = tmp_path / "prices.json"
    table.write_text(
        json.dumps({"as_of": "2025-01-01", "source": "https://example.com", "per_tokens": 1000,
                    "models": {"gpt-4": {"input": 1, "output": 1}}}),
        encoding="utf-8",
    )  # fmt: skip
    tracker = CostTracker(PriceTable.load(table))
    completion = tracker.chat(client, model="gpt-4o-mini", messages=QUESTION)
    entry = tracker.by_model[completion.model]
    assert entry.input_tokens > 0 and not entry.priced and entry.cost_usd == 0


def test_a_negative_budget_is_refused() -> None:
    with pytest.raises(ValueError):
        CostTracker(budget_usd=-1)
    with pytest.raises(ValueError):
        CostTracker(budget_usd=float("nan"))


def test_tools_count_towards_the_estimate(client: OpenAI) -> None:
    from clients.cost import prompt_upper_bound
    from clients.weather import SEED_QUESTION, WEATHER_TOOL

    messages = [{"role": "user", "content": SEED_QUESTION}]
    params = {"model": "gpt-4o", "messages": messages, "tools": [WEATHER_TOOL.spec()]}
    bound = prompt_upper_bound(params)
    assert bound > count_message_tokens(messages, "gpt-4o")
    completion = CostTracker(budget_usd=1.0).chat(client, **params, max_tokens=50)
    assert completion.usage is not None and completion.usage.prompt_tokens <= bound
