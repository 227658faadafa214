"""Runs under ``--lifecycle instant``: the final status at once, with what the run takes from
its request and its assistant."""

from __future__ import annotations

from typing import Any

import openai
import pytest

from mockserver import Settings
from mockserver.clock import FixedClock
from mockserver.testing import FROZEN_TIME

from .helpers import weather_assistant

pytestmark = pytest.mark.filterwarnings("ignore:.*deprecated:DeprecationWarning")


def _thread(client: Any, text: str) -> Any:
    return client.beta.threads.create(messages=[{"role": "user", "content": text}])


@pytest.fixture
def mock_settings() -> Settings:
    return Settings(seed=0, clock=FixedClock(FROZEN_TIME), lifecycle="instant")


def test_instant_lifecycle_and_run_settings(openai_client: Any, mock_http: Any) -> None:
    assistant = weather_assistant(mock_http, tools=[], temperature=0.3)
    thread = _thread(openai_client, "Tell me about the sea.")
    run = openai_client.beta.threads.runs.create(
        thread_id=thread.id,
        assistant_id=assistant["id"],
        instructions="Answer in one sentence.",
        additional_instructions="Be kind.",
        additional_messages=[{"role": "user", "content": "And the sky?"}],
        model="gpt-4.1-mini",
        metadata={"try": "1"},
        top_p=0.5,
        truncation_strategy={"type": "last_messages", "last_messages": 2},
        response_format={"type": "text"},
    )
    assert run.status == "completed"
    assert run.instructions == "Answer in one sentence.\nBe kind."
    assert (run.model, run.temperature, run.top_p) == ("gpt-4.1-mini", 0.3, 0.5)
    assert run.truncation_strategy.last_messages == 2 and run.metadata == {"try": "1"}
    messages = openai_client.beta.threads.messages.list(thread.id, order="asc")
    assert [m.role for m in messages.data] == ["user", "user", "assistant"]
    changed = openai_client.beta.threads.runs.update(
        run.id, thread_id=thread.id, metadata={"try": "2"}
    )
    assert changed.metadata == {"try": "2"}
    with pytest.raises(openai.BadRequestError) as late:
        openai_client.beta.threads.runs.cancel(run.id, thread_id=thread.id)
    assert late.value.body["message"] == "Cannot cancel run with status 'completed'."  # type: ignore[index]
