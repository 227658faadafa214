"""Stored responses: retrieve, delete, cancel, input items, and ``previous_response_id``."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.settings import Settings
from tests.conftest import envelope
from tests.resources.responses.helpers import WEATHER, check_item_list, check_response, create

PARIS = "What is the weather in Paris?"


def test_a_stored_response_is_retrieved_as_it_was_returned(openai_client: Any) -> None:
    made = openai_client.responses.create(model="gpt-4o", input="Hi")
    got = openai_client.responses.retrieve(made.id)
    assert got.model_dump() == made.model_dump()


def test_retrieve_is_checked_against_the_schemas(mock_http: Any) -> None:
    made = create(mock_http, model="gpt-4o", input="Hi")
    check_response(mock_http.get(f"/v1/responses/{made['id']}").json())


def test_an_unknown_or_unstored_response_is_a_404(mock_http: Any) -> None:
    response = mock_http.get("/v1/responses/resp_nope")
    assert response.status_code == 404
    assert envelope(response)["message"] == "Response with id 'resp_nope' not found."
    unstored = create(mock_http, model="gpt-4o", input="Hi", store=False)
    assert mock_http.get(f"/v1/responses/{unstored['id']}").status_code == 404


def test_delete(openai_client: Any, mock_http: Any) -> None:
    made = create(mock_http, model="gpt-4o", input="Hi")
    deleted = mock_http.delete(f"/v1/responses/{made['id']}")
    assert deleted.json() == {"id": made["id"], "object": "response.deleted", "deleted": True}
    assert mock_http.get(f"/v1/responses/{made['id']}").status_code == 404
    assert mock_http.delete(f"/v1/responses/{made['id']}").status_code == 404
    other = create(mock_http, model="gpt-4o", input="x")
    assert openai_client.responses.delete(other["id"]) is None


def test_cancel_refuses_a_response_not_made_in_the_background(mock_http: Any) -> None:
    made = create(mock_http, model="gpt-4o", input="Hi")
    response = mock_http.post(f"/v1/responses/{made['id']}/cancel")
    assert response.status_code == 400
    assert envelope(response)["message"] == "Cannot cancel a synchronous response."
    assert mock_http.post("/v1/responses/resp_nope/cancel").status_code == 404


def test_input_items_are_listed_newest_first_and_paginated(mock_http: Any) -> None:
    items = [
        {"role": "developer", "content": "Be brief."},
        {"role": "user", "content": [{"type": "input_text", "text": "One"}]},
        {"role": "assistant", "content": "Two"},
        {"role": "user", "content": "Three"},
    ]
    made = create(mock_http, model="gpt-4o", input=items)
    page = mock_http.get(f"/v1/responses/{made['id']}/input_items").json()
    check_item_list(page)
    texts = [item["content"][0]["text"] for item in page["data"]]
    assert texts == ["Three", "Two", "One", "Be brief."]
    assert page["data"][1]["content"][0]["type"] == "output_text"
    first = mock_http.get(f"/v1/responses/{made['id']}/input_items?limit=2&order=asc").json()
    assert [i["content"][0]["text"] for i in first["data"]] == ["Be brief.", "One"]
    assert first["has_more"] is True
    after = first["last_id"]
    rest = mock_http.get(f"/v1/responses/{made['id']}/input_items?order=asc&after={after}")
    assert [i["content"][0]["text"] for i in rest.json()["data"]] == ["Two", "Three"]
    assert mock_http.get("/v1/responses/resp_nope/input_items").status_code == 404


def test_input_items_through_the_sdk(openai_client: Any) -> None:
    made = openai_client.responses.create(model="gpt-4o", input="Hello there")
    items = list(openai_client.responses.input_items.list(made.id))
    assert [item.content[0].text for item in items] == ["Hello there"]


def test_previous_response_id_continues_the_conversation(mock_http: Any) -> None:
    first = create(mock_http, model="gpt-4o", input=PARIS, tools=[WEATHER])
    (call,) = first["output"]
    output = {"type": "function_call_output", "call_id": call["call_id"], "output": '{"t": 18}'}
    second = create(
        mock_http, model="gpt-4o", previous_response_id=first["id"], input=[output], tools=[WEATHER]
    )
    assert second["previous_response_id"] == first["id"]
    assert "18" in second["output"][0]["content"][0]["text"]
    # The earlier turns count as input tokens.
    assert second["usage"]["input_tokens"] > first["usage"]["input_tokens"]


def test_a_continuation_must_answer_the_previous_calls(mock_http: Any) -> None:
    first = create(mock_http, model="gpt-4o", input=PARIS, tools=[WEATHER])
    response = mock_http.post(
        "/v1/responses",
        json={"model": "gpt-4o", "previous_response_id": first["id"], "input": "Thanks"},
    )
    assert response.status_code == 400
    call_id = first["output"][0]["call_id"]
    assert envelope(response)["message"] == f"No tool output found for function call {call_id}."


def test_a_response_made_with_store_false_cannot_be_continued(mock_http: Any) -> None:
    made = create(mock_http, model="gpt-4o", input="Hi", store=False)
    response = mock_http.post(
        "/v1/responses", json={"model": "gpt-4o", "previous_response_id": made["id"], "input": "x"}
    )
    assert response.status_code == 400
    assert envelope(response)["code"] == "previous_response_not_found"


def test_instructions_are_not_carried_over(mock_http: Any) -> None:
    first = create(mock_http, model="gpt-4o", instructions="Be terse.", input="Hi")
    second = create(mock_http, model="gpt-4o", previous_response_id=first["id"], input="Again")
    assert second["instructions"] is None


@pytest.fixture
def mock_settings(tmp_path: Any) -> Settings:
    from mockserver.clock import FixedClock
    from mockserver.testing import FROZEN_TIME

    return Settings(seed=0, clock=FixedClock(FROZEN_TIME), state_dir=str(tmp_path))


def test_stored_responses_persist_under_state_dir(mock_http: Any, mock_settings: Settings) -> None:
    from starlette.testclient import TestClient

    from mockserver.app import create_app
    from mockserver.testing import TEST_KEY

    made = create(mock_http, model="gpt-4o", input="Hi")
    with TestClient(
        create_app(mock_settings), headers={"Authorization": f"Bearer {TEST_KEY}"}
    ) as other:
        assert other.get(f"/v1/responses/{made['id']}").json() == made
