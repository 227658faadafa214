"""The ``file_search`` tool over the mock's vector stores: a ``file_search_call`` item (with
its results when included), an answer drawn from the best chunks citing their files, the
search results counted as input, and the stream's file-search events."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import envelope
from tests.resources.responses.helpers import create
from tests.resources.responses.test_stream import stream
from tests.resources.vector_stores.helpers import DOCS, create_store, upload


@pytest.fixture
def store_id(mock_http: Any) -> str:
    store = create_store(mock_http, name="kb")
    files = [{"file_id": upload(mock_http, name, data)} for name, data in DOCS.items()]
    path = f"/v1/vector_stores/{store['id']}/file_batches"
    batch = mock_http.post(path, json={"files": files}).json()
    mock_http.get(f"{path}/{batch['id']}")  # one poll: the files are searchable
    return str(store["id"])


def tool(store_id: str, **extra: Any) -> dict[str, Any]:
    return {"type": "file_search", "vector_store_ids": [store_id], **extra}


def test_the_answer_cites_the_file_the_search_found(mock_http: Any, store_id: str) -> None:
    ask = "Which rocket reaches orbit?"
    body = create(mock_http, model="gpt-4o", input=ask, tools=[tool(store_id)])
    call, message = body["output"]
    assert call["type"] == "file_search_call" and call["id"].startswith("fs_")
    assert call["status"] == "completed" and call["queries"] == [ask]
    assert call["results"] is None
    (part,) = message["content"]
    cited = [a["filename"] for a in part["annotations"]]
    assert cited[0] == "rockets.md"
    assert all(
        a["type"] == "file_citation" and a["index"] == len(part["text"])
        for a in part["annotations"]
    )
    assert body["tools"][0]["max_num_results"] == 10
    plain = create(mock_http, model="gpt-4o", input=ask)
    assert body["usage"]["input_tokens"] > plain["usage"]["input_tokens"]


def test_results_are_included_when_asked(mock_http: Any, store_id: str) -> None:
    body = create(
        mock_http,
        model="gpt-4o",
        input="how is bread baked from flour",
        tools=[tool(store_id, max_num_results=2)],
        include=["file_search_call.results"],
    )
    results = body["output"][0]["results"]
    assert len(results) == 2 and results[0]["filename"] == "bread.html"
    assert "flour" in results[0]["text"] and 0 <= results[0]["score"] <= 1


def test_tool_choice_none_skips_the_search(mock_http: Any, store_id: str) -> None:
    body = create(mock_http, model="gpt-4o", input="Hi", tools=[tool(store_id)], tool_choice="none")
    assert [i["type"] for i in body["output"]] == ["message"]
    forced = create(
        mock_http,
        model="gpt-4o",
        input="Hi",
        tools=[tool(store_id)],
        tool_choice={"type": "file_search"},
    )
    assert forced["output"][0]["type"] == "file_search_call"


def test_a_file_search_streams_its_events(mock_http: Any, store_id: str) -> None:
    events = stream(mock_http, model="gpt-4o", input="my cat chases mice", tools=[tool(store_id)])
    types = [e["type"] for e in events]
    assert types[2:7] == [
        "response.output_item.added",
        "response.file_search_call.in_progress",
        "response.file_search_call.searching",
        "response.file_search_call.completed",
        "response.output_item.done",
    ]
    assert events[-1]["response"]["output"][0]["type"] == "file_search_call"


def test_file_search_errors(mock_http: Any, store_id: str) -> None:
    unknown = mock_http.post(
        "/v1/responses",
        json={"model": "gpt-4o", "input": "Hi", "tools": [tool("vs_nope")]},
    )
    assert unknown.status_code == 404
    missing = mock_http.post(
        "/v1/responses",
        json={"model": "gpt-4o", "input": "Hi", "tools": [{"type": "file_search"}]},
    )
    assert envelope(missing)["param"] == "tools[0].vector_store_ids"
    too_many = mock_http.post(
        "/v1/responses",
        json={"model": "gpt-4o", "input": "Hi", "tools": [tool(store_id, max_num_results=51)]},
    )
    assert envelope(too_many)["param"] == "tools[0].max_num_results"
    # Found by make fuzz: false was read as no ranking options.
    no_object = mock_http.post(
        "/v1/responses",
        json={"model": "gpt-4o", "input": "Hi", "tools": [tool(store_id, ranking_options=False)]},
    )
    assert envelope(no_object)["param"] == "tools[0].ranking_options"
    assert envelope(no_object)["code"] == "invalid_type"
