"""The budget: estimates are upper bounds, and a request that would pass the cap is not sent."""

from __future__ import annotations

import json
from pathlib import Path

import httpx2
import pytest

from conformance.budget import (
    DEFAULT_BUDGET_USD,
    Budget,
    BudgetExhausted,
    budget_for,
    estimate_request,
)
from conformance.target import Target
from mockserver.testing.server import ServerThread

from . import broken
from .run import run_suite


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
    responses = body(model="gpt-4o-mini", input="hi", max_output_tokens=16)
    assert 0 < estimate_request("/v1/responses", responses) < 1e-4
    assert estimate_request("/v1/chat/completions", b"{not json") == 0
    assert estimate_request("/v1/moderations", body(model="omni-moderation-latest", input="x")) == 0
    assert estimate_request("/v1/vector_stores/vs_1/search", body(query="x")) == 0.0025
    assert estimate_request("/v1/vector_stores", body(name="x")) == 0
    job = body(model="gpt-4o-mini", training_file="file-x")
    assert estimate_request("/v1/fine_tuning/jobs", job) > DEFAULT_BUDGET_USD
    assert estimate_request("/v1/fine_tuning/jobs", b"") == 0  # a list or a retrieve


def test_pictures_are_priced_per_picture() -> None:
    one = estimate_request("/v1/images/generations", body(model="dall-e-2", prompt="x"))
    three = estimate_request("/v1/images/generations", body(model="dall-e-2", prompt="x", n=3))
    assert one > 0.01 and three == 3 * one
    form = b'--b\r\nContent-Disposition: form-data; name="n"\r\n\r\n4\r\n--b--\r\n'
    assert estimate_request("/v1/images/edits", form) == 4 * one
    assert estimate_request("/v1/images/variations", b"--b--") == one


def test_built_in_tools_are_priced_beyond_their_tokens() -> None:
    plain = estimate_request("/v1/responses", body(model="gpt-4o-mini", input="x"))
    tool = {"type": "code_interpreter", "container": {"type": "auto"}}
    coded = estimate_request("/v1/responses", body(model="gpt-4o-mini", input="x", tools=[tool]))
    assert coded > plain + 0.029
    assert estimate_request("/v1/containers", body(name="box")) == 0.03


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


def test_the_budget_applies_only_where_requests_cost_money() -> None:
    real = budget_for("https://api.openai.com/v1", None)
    assert real.enforced and real.limit_usd == DEFAULT_BUDGET_USD
    for free in (
        "http://127.0.0.1:8000/v1",
        "http://localhost:11434/v1",
        "https://api.openai.com.example.org/v1",
        None,  # in process
    ):
        assert not budget_for(free, None).enforced, free
    for anywhere in ("http://127.0.0.1:8000/v1", "https://api.openai.com/v1", None):
        explicit = budget_for(anywhere, 0.01)
        assert explicit.enforced and explicit.limit_usd == 0.01, anywhere


@pytest.mark.slow
def test_a_free_server_that_is_not_the_mock_is_graded_in_full(tmp_path: Path) -> None:
    """Another server on loopback (the mock with its control API hidden): no budget stops it,
    unless --max-cost-usd is given."""
    with ServerThread(broken.faulty(broken.not_the_mock)) as server:
        url = server.url + "/v1"
        result, data = run_suite(tmp_path / "free", "--base-url", url, "--api-key", broken.KEY)
        _, capped = run_suite(
            tmp_path / "capped", "--base-url", url, "--api-key", broken.KEY,
            "--max-cost-usd", "0.0001", "conformance/test_chat.py",
        )  # fmt: skip
    stopped = [r for r in data["rows"] if "budget stop" in r["reason"]]
    assert not stopped, [(r["endpoint"], r["feature"]) for r in stopped]
    assert "no budget: the target is not the real API" in result.stdout
    assert result.returncode == 0, result.stdout[-3000:]
    skipped = [r for r in data["rows"] if r["status"] == "skip"]
    # What is left out: the mock-only checks, and the costly areas nobody selected (-m batches).
    allowed = ("mock-only check", "costly area")
    assert all(r["reason"].startswith(allowed) for r in skipped), skipped
    assert any("budget stop" in r["reason"] for r in capped["rows"])


def test_audio_estimates() -> None:
    speech = body(model="tts-1", voice="alloy", input="x" * 1000)
    assert estimate_request("/v1/audio/speech", speech) == pytest.approx(0.03)
    assert estimate_request("/v1/audio/speech", b"[not an object]") == 0
    # A minute of 16 kbit/s audio: $0.006.
    assert estimate_request("/v1/audio/transcriptions", bytes(120_000)) == pytest.approx(0.006)
    assert estimate_request("/v1/audio/translations", b"") == 0


def test_realtime_events_are_priced_per_response_and_per_second_of_audio() -> None:
    path = "/v1/realtime?model=gpt-realtime-mini"
    short = body(type="response.create", response={"max_output_tokens": 32})
    long = body(type="response.create")
    assert 0 < estimate_request(path, short) < estimate_request(path, long) < DEFAULT_BUDGET_USD
    second = body(type="input_audio_buffer.append", audio="A" * 64_000)  # 48,000 bytes: 1 s
    assert estimate_request(path, second) == 10 * 10 / 1_000_000
    dearer = estimate_request("/v1/realtime?model=gpt-realtime", short)
    assert dearer > estimate_request(path, short)
    assert estimate_request(path, body(type="session.update", session={})) == 0
    assert estimate_request(path, b"not json") == 0
