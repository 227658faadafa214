"""/v1/conversations: create (with items and metadata), retrieve, update, delete; items create,
list, retrieve, delete; and a response given ``conversation`` reading its items and adding to
them."""

from __future__ import annotations

from typing import Any

from openai.types.conversations import (
    Conversation,
    ConversationDeletedResource,
    ConversationItem,
    ConversationItemList,
)
from pydantic import TypeAdapter

from tests.conftest import envelope
from tests.resources.chat.helpers import validate_openapi
from tests.resources.responses.helpers import WEATHER, create
from tests.schema_check import validate_sdk

HELLO = [{"type": "message", "role": "user", "content": "Hello!"}]


def check_conversation(body: dict[str, Any]) -> None:
    validate_sdk(Conversation, body)
    validate_openapi("ConversationResource", body)


def check_items(body: dict[str, Any]) -> None:
    validate_sdk(ConversationItemList, body)
    validate_openapi("ConversationItemList", body)


def new(mock_http: Any, **body: Any) -> dict[str, Any]:
    response = mock_http.post("/v1/conversations", json=body)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    check_conversation(data)
    return data


def test_create_retrieve_update_delete(openai_client: Any, mock_http: Any) -> None:
    made = openai_client.conversations.create(metadata={"topic": "demo"}, items=HELLO)
    assert made.id.startswith("conv_") and made.object == "conversation"
    assert made.metadata == {"topic": "demo"}
    assert openai_client.conversations.retrieve(made.id).model_dump() == made.model_dump()
    updated = openai_client.conversations.update(made.id, metadata={"topic": "other"})
    assert updated.metadata == {"topic": "other"}
    raw = mock_http.delete(f"/v1/conversations/{made.id}").json()
    validate_openapi("DeletedConversationResource", raw)
    deleted = ConversationDeletedResource.model_validate(raw)
    assert (deleted.id, deleted.object, deleted.deleted) == (made.id, "conversation.deleted", True)
    gone = mock_http.get(f"/v1/conversations/{made.id}")
    assert gone.status_code == 404
    assert envelope(gone)["message"] == f"Conversation with id '{made.id}' not found."


def test_items_are_created_listed_retrieved_and_deleted(openai_client: Any, mock_http: Any) -> None:
    made = new(mock_http, items=HELLO)
    added = mock_http.post(
        f"/v1/conversations/{made['id']}/items",
        json={"items": [{"role": "assistant", "content": "Hi!"}, {"role": "user", "content": "Q"}]},
    ).json()
    check_items(added)
    assert [i["role"] for i in added["data"]] == ["assistant", "user"]
    listed = mock_http.get(f"/v1/conversations/{made['id']}/items").json()
    check_items(listed)
    assert [i["content"][0]["text"] for i in listed["data"]] == ["Q", "Hi!", "Hello!"]
    ids = {i["id"] for i in listed["data"]}
    assert len(ids) == 3
    first = listed["data"][-1]
    got = mock_http.get(f"/v1/conversations/{made['id']}/items/{first['id']}").json()
    TypeAdapter(ConversationItem).validate_python(got)
    assert got == first
    after = openai_client.conversations.items.delete(first["id"], conversation_id=made["id"])
    assert after.id == made["id"]
    missing = mock_http.get(f"/v1/conversations/{made['id']}/items/{first['id']}")
    assert missing.status_code == 404
    again = mock_http.post(
        f"/v1/conversations/{made['id']}/items", json={"items": [{"role": "user", "content": "R"}]}
    ).json()
    assert again["data"][0]["id"] not in ids  # an id is never given twice
    sdk_items = list(openai_client.conversations.items.list(made["id"], order="asc"))
    assert [i.content[0].text for i in sdk_items] == ["Hi!", "Q", "R"]


def test_a_response_reads_and_extends_its_conversation(mock_http: Any) -> None:
    made = new(mock_http)
    ask = "What is the weather in Paris?"
    first = create(mock_http, model="gpt-4o", input=ask, tools=[WEATHER], conversation=made["id"])
    assert first["conversation"] == {"id": made["id"]}
    (call,) = first["output"]
    output = {"type": "function_call_output", "call_id": call["call_id"], "output": "17C"}
    second = create(
        mock_http,
        model="gpt-4o",
        input=[output],
        tools=[WEATHER],
        conversation={"id": made["id"]},
    )
    assert "17" in second["output"][0]["content"][0]["text"]
    listed = mock_http.get(f"/v1/conversations/{made['id']}/items?order=asc").json()
    check_items(listed)
    kinds = [i["type"] for i in listed["data"]]
    assert kinds == ["message", "function_call", "function_call_output", "message"]
    assert listed["data"][1]["id"] == call["id"]
    assert listed["data"][3]["id"] == second["output"][0]["id"]


def test_conversation_errors(mock_http: Any) -> None:
    unknown = mock_http.post(
        "/v1/responses", json={"model": "gpt-4o", "input": "Hi", "conversation": "conv_nope"}
    )
    assert unknown.status_code == 404
    made = new(mock_http)
    both = mock_http.post(
        "/v1/responses",
        json={
            "model": "gpt-4o",
            "input": "Hi",
            "conversation": made["id"],
            "previous_response_id": "resp_x",
        },
    )
    assert both.status_code == 400 and "Mutually exclusive" in envelope(both)["message"]
    too_many = mock_http.post("/v1/conversations", json={"items": HELLO * 21})
    assert envelope(too_many)["code"] == "array_above_max_length"
    bad = mock_http.post("/v1/conversations", json={"items": [{"role": "bot", "content": "x"}]})
    assert envelope(bad)["param"] == "items[0].role"
    no_items = mock_http.post(f"/v1/conversations/{made['id']}/items", json={})
    assert envelope(no_items)["code"] == "missing_required_parameter"
    assert mock_http.get(f"/v1/conversations/{made['id']}/items/msg_nope").status_code == 404
    assert mock_http.post("/v1/conversations/conv_nope", json={"metadata": {}}).status_code == 404


def test_every_sdk_parameter_of_create_update_and_items(openai_client: Any) -> None:
    made = openai_client.conversations.create(items=HELLO, safety_identifier="u" * 64)
    include = ["message.input_image.image_url", "message.output_text.logprobs"]
    added = openai_client.conversations.items.create(made.id, items=HELLO, include=include)
    (item,) = added.data
    listed = openai_client.conversations.items.list(made.id, include=include, limit=1)
    assert [i.id for i in listed.data] == [item.id]
    again = openai_client.conversations.items.retrieve(
        item.id, conversation_id=made.id, include=include
    )
    assert again.id == item.id
    openai_client.conversations.update(made.id, metadata={"k": "v"})
    # The SDK lets metadata be null: that clears it.
    cleared = openai_client.conversations.update(made.id, metadata=None)
    assert cleared.metadata == {}


def test_item_include_and_safety_identifier_errors(mock_http: Any) -> None:
    made = new(mock_http)
    items = f"/v1/conversations/{made['id']}/items"
    listed = mock_http.get(items, params={"include": ["message.output_text.logprobs", "nope"]})
    assert listed.status_code == 400 and envelope(listed)["param"] == "include[1]"
    added = mock_http.post(items + "?include=nope", json={"items": HELLO})
    assert envelope(added)["param"] == "include[0]"
    assert mock_http.get(items).json()["data"] == []  # nothing stored half-done
    long = mock_http.post("/v1/conversations", json={"safety_identifier": "u" * 65})
    assert envelope(long)["code"] == "string_above_max_length"
    missing = mock_http.post(f"/v1/conversations/{made['id']}", json={})
    assert envelope(missing)["code"] == "missing_required_parameter"


# Found by make fuzz: items of the wrong nested shape were taken and stored.
BAD_ITEMS = [
    (
        {"type": "computer_call", "id": "cu_1", "call_id": "c", "pending_safety_checks": [],
         "status": "completed", "action": {"type": "scroll", "x": 0, "y": 0, "scroll_x": 0,
                                           "scroll_y": None, "keys": None}},
        "items[0].action.scroll_y",
        "Missing required parameter: 'items[0].action.scroll_y'.",
    ),
    (
        {"type": "apply_patch_call", "call_id": "c", "status": "in_progress",
         "operation": {"type": {}, "path": "a.py"}},
        "items[0].operation.type",
        "Invalid type for 'items[0].operation.type': expected a string, but got an object "
        "instead.",
    ),
    (
        {"type": "message", "role": "assistant", "content": [
            {"type": "output_text", "text": "", "annotations": [
                {"type": "container_file_citation", "container_id": "c", "file_id": "f",
                 "start_index": 0, "end_index": 0, "filename": 0}]}]},
        "items[0].content[0].annotations[0].filename",
        "Invalid type for 'items[0].content[0].annotations[0].filename': expected a string, but "
        "got an integer instead.",
    ),
    (
        {"type": "tool_search_output", "call_id": "c", "execution": "server",
         "tools": [{"type": "shell", "environment": {"type": 0}}]},
        "items[0].tools[0].environment.type",
        None,
    ),
    # The spec's bounds, which the SDK's types do not carry.
    (
        {"type": "function_call_output", "call_id": "", "output": "ok"},
        "items[0].call_id",
        "Invalid 'items[0].call_id': string too short. Expected a string with minimum length 1, "
        "but got an empty string instead.",
    ),
    (
        {"type": "web_search_call", "id": "ws_1", "status": "completed",
         "action": {"type": "open_page", "url": "0"}},
        "items[0].action.url",
        "Invalid 'items[0].action.url'. Expected a valid URL, but got a value with an invalid "
        "format.",
    ),
    (
        {"type": "tool_search_output", "call_id": "c", "tools": [
            {"type": "namespace", "name": "ns", "description": "d", "tools": []}]},
        "items[0].tools[0].tools",
        None,
    ),
    (
        {"type": "tool_search_output", "call_id": "c", "tools": [
            {"type": "namespace", "name": "ns", "description": "d", "tools": [
                {"type": "function", "name": "a b", "parameters": None, "strict": None}]}]},
        "items[0].tools[0].tools[0].name",
        "Invalid 'items[0].tools[0].tools[0].name': string does not match pattern. Expected a "
        "string that matches the pattern '^[a-zA-Z0-9_-]+$'.",
    ),
    (  # a closed object of the spec: its unknown keys are refused
        {"type": "tool_search_output", "call_id": "c", "tools": [
            {"type": "web_search", "filters": {"allowed_domains": ["a.com"], "sometimes": 1}}]},
        "items[0].tools[0].filters.sometimes",
        "Unknown parameter: 'items[0].tools[0].filters.sometimes'.",
    ),
    (
        {"type": "file_search_call", "id": "fs_1", "status": "completed", "queries": ["q"],
         "results": [{"file_id": "f", "attributes": {"k": "v" * 513}}]},
        "items[0].results[0].attributes.k",
        None,
    ),
]  # fmt: skip


def test_items_of_the_wrong_nested_shape_get_the_real_400(mock_http: Any) -> None:
    made = new(mock_http)
    for item, param, message in BAD_ITEMS:
        created = mock_http.post("/v1/conversations", json={"items": [item]})
        added = mock_http.post(f"/v1/conversations/{made['id']}/items", json={"items": [item]})
        for response in (created, added):
            assert response.status_code == 400, (item, response.text)
            error = envelope(response)
            assert error["param"] == param
            assert message is None or error["message"] == message
    # Nothing stored half-done.
    assert mock_http.get(f"/v1/conversations/{made['id']}/items").json()["data"] == []


def test_an_assistant_text_without_annotations_and_an_image_without_detail_pass(
    mock_http: Any,
) -> None:
    image = {"type": "input_image", "image_url": "https://example.com/cat.png"}
    items = [
        {"type": "message", "role": "user", "content": [image]},
        {
            "type": "message",
            "role": "assistant",
            "content": [{"type": "output_text", "text": "A cat"}],
        },
    ]
    made = new(mock_http, items=items)
    listed = mock_http.get(f"/v1/conversations/{made['id']}/items").json()
    assert len(listed["data"]) == 2
    check_items(listed)
