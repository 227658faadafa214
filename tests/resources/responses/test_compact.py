"""POST /v1/responses/compact: the user messages kept, one opaque compaction item for the rest,
which a later request takes as input and reads as the same context (the same input tokens as
the uncompacted one), and the real 400s."""

from __future__ import annotations

from typing import Any

from openai.types.responses import CompactedResponse, ResponseCompactionItem

from mockserver.resources.responses import compact
from tests.conftest import envelope
from tests.resources.chat.helpers import validate_openapi
from tests.resources.responses.helpers import WEATHER, check_item_list, create
from tests.schema_check import validate_sdk

ASK = "What is the weather in Paris?"


def compacted(mock_http: Any, **body: Any) -> dict[str, Any]:
    response = mock_http.post("/v1/responses/compact", json=body)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    validate_openapi("CompactResource", data)
    # The SDK types ``output`` as output items, which have no user message (yet the real API
    # returns the user messages there, as the SDK's own docstring says): checked loosely,
    # the compaction item strictly.
    CompactedResponse.model_construct(**data)
    validate_sdk(ResponseCompactionItem, data["output"][-1])
    return data


def tool_turns(mock_http: Any) -> list[dict[str, Any]]:
    first = create(mock_http, model="gpt-4o", input=ASK, tools=[WEATHER], tool_choice="required")
    (call,) = first["output"]
    turns = [
        {"role": "user", "content": ASK},
        call,
        {"type": "function_call_output", "call_id": call["call_id"], "output": "Sunny, 21C"},
    ]
    answer = create(mock_http, model="gpt-4o", input=turns, tools=[WEATHER])
    return [*turns, *answer["output"]]


def test_the_user_messages_stay_and_the_rest_is_one_compaction(mock_http: Any) -> None:
    turns = tool_turns(mock_http)
    body = compacted(mock_http, model="gpt-4o", input=turns)
    assert body["object"] == "response.compaction" and body["id"].startswith("resp_")
    user, item = body["output"]
    assert user["type"] == "message" and user["role"] == "user"
    assert user["content"] == [{"type": "input_text", "text": ASK}]
    assert user["id"].startswith("msg_") and user["status"] == "completed"
    assert item["type"] == "compaction" and item["id"].startswith("cmp_")
    assert item["encrypted_content"].startswith("gAAAAAB")
    assert "Sunny" not in item["encrypted_content"]
    usage = body["usage"]
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]
    again = compacted(mock_http, model="gpt-4o", input=turns)
    assert again["output"][-1]["encrypted_content"] == item["encrypted_content"]


def test_a_later_request_reads_the_compacted_context(mock_http: Any) -> None:
    turns = tool_turns(mock_http)
    body = compacted(mock_http, model="gpt-4o", input=turns)
    follow = {"role": "user", "content": "And tomorrow?"}
    after = create(mock_http, model="gpt-4o", input=[*body["output"], follow])
    whole = create(mock_http, model="gpt-4o", input=[*turns, follow])
    assert after["usage"]["input_tokens"] == whole["usage"]["input_tokens"]
    bare = create(mock_http, model="gpt-4o", input=[body["output"][0], follow])
    assert bare["usage"]["input_tokens"] < after["usage"]["input_tokens"]


def test_a_stored_response_can_be_compacted_by_its_id(mock_http: Any) -> None:
    first = create(mock_http, model="gpt-4o", input=ASK)
    body = compacted(mock_http, model="gpt-4o", previous_response_id=first["id"])
    assert [i["type"] for i in body["output"]] == ["message", "compaction"]
    (rest,) = compact.unseal(body["output"][1]["encrypted_content"])
    assert rest["role"] == "assistant"


def test_compact_errors(mock_http: Any) -> None:
    path = "/v1/responses/compact"
    assert envelope(mock_http.post(path, json={"input": ASK}))["message"] == (
        "you must provide a model parameter"
    )
    assert envelope(mock_http.post(path, json={"model": "gpt-4o"}))["param"] == "input"
    unknown = envelope(mock_http.post(path, json={"model": "gpt-4o", "input": ASK, "tools": []}))
    assert "tools" in unknown["message"]
    forged = {"type": "compaction", "encrypted_content": "gAAAAABnot-base64!"}
    bad = mock_http.post("/v1/responses", json={"model": "gpt-4o", "input": [forged]})
    assert envelope(bad)["code"] == "invalid_encrypted_content"


def test_a_compaction_given_as_input_is_listed_among_the_input_items(mock_http: Any) -> None:
    body = compacted(mock_http, model="gpt-4o", input="Hello there")
    follow = {"role": "user", "content": "More, please."}
    after = create(mock_http, model="gpt-4o", input=[*body["output"], follow])
    listed = mock_http.get(f"/v1/responses/{after['id']}/input_items?order=asc").json()
    check_item_list(listed)
    assert [i["type"] for i in listed["data"]] == ["message", "compaction", "message"]
