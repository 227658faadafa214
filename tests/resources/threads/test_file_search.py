"""file_search in runs: an assistant over three uploaded documents answers from the right one
and cites it in a ``file_citation`` annotation; the search step comes before the answer's."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver import Settings
from mockserver.clock import FixedClock
from mockserver.testing import FROZEN_TIME

from .helpers import V2, check_event, check_message, check_step, parse_events

pytestmark = pytest.mark.filterwarnings("ignore:.*deprecated:DeprecationWarning")

DOCUMENTS = {
    "volcanoes.txt": "Volcanoes erupt when magma rises through the crust. Lava cools into "
    "basalt rock, and ash clouds can ground flights for days.",
    "baking.txt": "Sourdough bread needs a starter of flour and water. The dough rises "
    "overnight, then bakes in a hot oven until the crust is golden.",
    "tides.txt": "Tides are caused by the gravity of the moon and the sun. Spring tides "
    "happen at full and new moon, neap tides at the quarter moons.",
}
QUESTION = "What causes the tides and the spring tides of the moon?"


@pytest.fixture
def mock_settings() -> Settings:
    # Vector store files are processed at once, as runs are.
    return Settings(seed=0, clock=FixedClock(FROZEN_TIME), lifecycle="instant")


def _store(openai_client: Any) -> tuple[str, dict[str, str]]:
    ids = {}
    for name, text in DOCUMENTS.items():
        ids[name] = openai_client.files.create(file=(name, text.encode()), purpose="assistants").id
    store = openai_client.vector_stores.create(name="notes", file_ids=list(ids.values()))
    return store.id, ids


def test_file_search_answers_with_a_citation_of_the_right_file(
    openai_client: Any, mock_http: Any
) -> None:
    store_id, ids = _store(openai_client)
    assistant = openai_client.beta.assistants.create(
        model="gpt-4o-mini",
        instructions="Answer from the files.",
        tools=[{"type": "file_search"}],
        tool_resources={"file_search": {"vector_store_ids": [store_id]}},
    )
    thread = openai_client.beta.threads.create(messages=[{"role": "user", "content": QUESTION}])
    run = openai_client.beta.threads.runs.create_and_poll(
        thread_id=thread.id, assistant_id=assistant.id, poll_interval_ms=0
    )
    assert run.status == "completed"
    answer = openai_client.beta.threads.messages.list(thread.id).data[0]
    raw = mock_http.get(f"/v1/threads/{thread.id}/messages", headers=V2).json()["data"][0]
    check_message(raw)
    text = answer.content[0].text
    assert "moon" in text.value, text.value
    [citation] = text.annotations
    assert citation.type == "file_citation"
    assert citation.file_citation.file_id == ids["tides.txt"]
    assert text.value[citation.start_index : citation.end_index] == citation.text
    assert citation.text.endswith("†tides.txt】")
    steps = openai_client.beta.threads.runs.steps.list(run_id=run.id, thread_id=thread.id)
    assert [s.type for s in steps.data] == ["message_creation", "tool_calls"]
    search = steps.data[1].step_details.tool_calls[0]
    assert search.type == "file_search"
    path = f"/v1/threads/{thread.id}/runs/{run.id}/steps"
    for step in mock_http.get(path, headers=V2).json()["data"]:
        check_step(step)


def test_a_thread_s_vector_store_is_searched_too_and_streamed(
    openai_client: Any, mock_http: Any
) -> None:
    store_id, ids = _store(openai_client)
    assistant = openai_client.beta.assistants.create(
        model="gpt-4o-mini", tools=[{"type": "file_search"}]
    )
    body = {
        "assistant_id": assistant.id,
        "thread": {
            "messages": [{"role": "user", "content": "How is sourdough bread baked?"}],
            "tool_resources": {"file_search": {"vector_store_ids": [store_id]}},
        },
        "stream": True,
    }
    events = parse_events(mock_http.post("/v1/threads/runs", headers=V2, json=body).text)
    for name, data in events[:-1]:
        check_event(name, data)
    names = [n for n, _ in events]
    assert names.count("thread.run.step.completed") == 2
    completed = next(d for n, d in events if n == "thread.message.completed")
    [citation] = completed["content"][0]["text"]["annotations"]
    assert citation["file_citation"]["file_id"] == ids["baking.txt"]


def test_without_a_vector_store_there_is_no_search(openai_client: Any) -> None:
    assistant = openai_client.beta.assistants.create(
        model="gpt-4o-mini", tools=[{"type": "file_search"}]
    )
    run = openai_client.beta.threads.create_and_run_poll(
        assistant_id=assistant.id,
        thread={"messages": [{"role": "user", "content": QUESTION}]},
        poll_interval_ms=0,
    )
    assert run.status == "completed"
    answer = openai_client.beta.threads.messages.list(run.thread_id).data[0]
    assert answer.content[0].text.annotations == []
