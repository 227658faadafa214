"""What only the mock promises: determinism, scripted rules, the ``/__mock__/`` control API.
Skipped against every other target."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from . import checks
from .target import Target
from .test_chat import ENDPOINT, SEED_MESSAGES
from .test_chat_stream import stream

pytestmark = pytest.mark.mock_only
BODY = {"model": "gpt-4o-mini", "messages": SEED_MESSAGES, "max_tokens": 30}
VOLATILE = ("created",)  # the served mock's clock runs


def stable(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in VOLATILE}


@pytest.fixture
def fresh(target: Target) -> Iterator[Target]:
    assert target.post("/__mock__/reset", {}).status_code == 200
    yield target
    target.post("/__mock__/reset", {})


@pytest.mark.conformance(ENDPOINT, "determinism")
def test_same_request_same_reply_after_reset(fresh: Target) -> None:
    first = fresh.post("/chat/completions", BODY).json()
    fresh.post("/__mock__/reset", {})
    second = fresh.post("/chat/completions", BODY).json()
    assert stable(first) == stable(second)


@pytest.mark.conformance(ENDPOINT, "determinism")
def test_stream_carries_the_same_reply(fresh: Target) -> None:
    whole = fresh.post("/chat/completions", BODY).json()
    chunks = stream(fresh, **dict(BODY))
    assert checks.content_of(chunks) == whole["choices"][0]["message"]["content"]


@pytest.mark.conformance(ENDPOINT, "scripted rules")
def test_scripted_reply_and_error(fresh: Target) -> None:
    rule = {"match": {"contains": "conformance-probe"}, "reply": {"content": "Scripted."}}
    assert fresh.post("/__mock__/rules", rule).status_code == 200
    ask = {**BODY, "messages": [{"role": "user", "content": "conformance-probe"}]}
    data = fresh.post("/chat/completions", ask).json()
    assert data["choices"][0]["message"]["content"] == "Scripted."
    failing = {"match": {"contains": "please fail"}, "error": {"status": 429, "code": "x"}}
    assert fresh.post("/__mock__/rules", failing).status_code == 200
    ask = {**BODY, "messages": [{"role": "user", "content": "please fail"}]}
    error = checks.expect_error(fresh.post("/chat/completions", ask), 429)
    assert error["code"] == "x"


@pytest.mark.conformance("/__mock__", "control API")
def test_journal_records_requests(fresh: Target) -> None:
    fresh.request("DELETE", "/__mock__/requests")
    fresh.post("/chat/completions", BODY)
    entries = fresh.get("/__mock__/requests").json()["data"]
    assert any("/v1/chat/completions" in str(e) for e in entries), entries
