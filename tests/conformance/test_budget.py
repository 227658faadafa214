"""The budget: estimates are upper bounds, and a request that would pass the cap is not sent."""

from __future__ import annotations

import json

import httpx2
import pytest

from conformance.budget import Budget, BudgetExhausted, estimate_request
from conformance.target import Target


def body(**fields: object) -> bytes:
    return json.dumps(fields).encode()


def test_estimates() -> None:
    chat = body(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}], max_tokens=10)
    cost = estimate_request("/v1/chat/completions", chat)
    assert 0 < cost < 1e-4
    two = body(model="gpt-4o-mini", messages=[], max_tokens=10, n=2)
    one = body(model="gpt-4o-mini", messages=[], max_tokens=10, n=1)
    assert estimate_request("/v1/chat/completions", two) > estimate_request(
        "/v1/chat/completions", one
    )
    unknown = body(model="gpt-9", messages=[], max_tokens=10)
    assert estimate_request("/v1/chat/completions", unknown) > cost
    assert estimate_request("/v1/models", b"") == 0
    assert estimate_request("/v1/chat/completions", b"{not json") == 0
    assert estimate_request("/v1/moderations", body(model="omni-moderation-latest", input="x")) == 0


def test_budget_stops_before_sending() -> None:
    sent: list[str] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        sent.append(request.url.path)
        return httpx2.Response(200, json={"ok": True})

    http = httpx2.Client(transport=httpx2.MockTransport(handler))
    budget = Budget(limit_usd=0.0002)
    target = Target("http://paid/v1", "sk-x", http, budget, False, "paid")
    request = {"model": "gpt-4o-mini", "messages": [], "max_tokens": 200}
    target.post("/chat/completions", request)  # ~$0.00012: within the cap
    with pytest.raises(BudgetExhausted, match="budget stop"):
        target.post("/chat/completions", request)
    assert sent == ["/v1/chat/completions"]
    assert budget.exhausted and budget.requests == 1
    with pytest.raises(BudgetExhausted):  # stays stopped, even for a free request
        target.get("/models")
    assert len(sent) == 1


def test_unenforced_budget_counts_but_never_stops() -> None:
    budget = Budget(limit_usd=0.0, enforced=False)
    budget.charge("/v1/chat/completions", body(model="gpt-4o-mini", max_tokens=100))
    assert budget.requests == 1 and not budget.exhausted
