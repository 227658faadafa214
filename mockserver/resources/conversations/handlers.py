"""/v1/conversations and /v1/conversations/{id}/items."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from ...http import errors
from ...http.body import json_body
from ...http.metadata import check_metadata
from ...http.pagination import page_query
from ...http.params import Param, check, param
from ...state import MockState, mock_state
from ..responses.backend import input_item
from ..responses.items import parse_input
from ..responses.request import check_include, check_safety_identifier
from . import errors as conv_errors
from .backend import Conversations, Record

MAX_ITEMS = 20
CREATE: dict[str, Param] = {
    "items": param("array", max_items=MAX_ITEMS),
    "metadata": param("object"),
    "safety_identifier": param("string"),
}
UPDATE: dict[str, Param] = {"metadata": param("object")}
ADD: dict[str, Param] = {"items": param("array", required=True, max_items=MAX_ITEMS)}


def _query_include(request: Request) -> None:
    """The ``include`` query of the item endpoints (the SDK repeats the key per value; some
    clients write ``include[]``), checked as a response's ``include`` is."""
    query = request.query_params
    check_include([*query.getlist("include"), *query.getlist("include[]")])


def _conversations(mock: MockState) -> Conversations:
    return mock.backends.conversations


def _record(request: Request) -> tuple[Conversations, str, Record]:
    store = _conversations(mock_state(request))
    conversation_id = request.path_params["conversation_id"]
    record = store.get(conversation_id)
    if record is None:
        raise conv_errors.conversation_not_found(conversation_id)
    return store, conversation_id, record


def _items(mock: MockState, conversation_id: str, raw: Any, first: int) -> list[dict[str, Any]]:
    """Items as the conversation keeps them (checked as a response's input is, numbered from
    ``first`` so an id is never given twice in one conversation)."""
    items = parse_input(raw, None, where="items").items
    return [input_item(mock.seed, conversation_id, first + k, it) for k, it in enumerate(items)]


async def create_conversation(request: Request) -> Any:
    mock = mock_state(request)
    body = await json_body(request)
    check(body, CREATE)
    check_safety_identifier(body.get("safety_identifier"))
    metadata = check_metadata(body["metadata"]) if body.get("metadata") is not None else {}
    conversation_id = mock.ids.new("conv_")
    items = _items(mock, conversation_id, body.get("items") or [], 0)
    conversation = {
        "id": conversation_id,
        "object": "conversation",
        "created_at": mock.now(),
        "metadata": metadata,
    }
    _conversations(mock).create(conversation, items)
    return conversation


async def retrieve_conversation(request: Request) -> Any:
    _, _, record = _record(request)
    return record["conversation"]


async def update_conversation(request: Request) -> Any:
    store, conversation_id, _ = _record(request)
    body = await json_body(request)
    check(body, UPDATE)
    if "metadata" not in body:
        raise errors.missing_parameter("metadata")
    # The SDK lets ``metadata`` be null: that clears it.
    metadata = check_metadata(body["metadata"]) if body["metadata"] is not None else {}

    def change(record: Record) -> Record:
        return {**record, "conversation": {**record["conversation"], "metadata": metadata}}

    updated = store.update(conversation_id, change)
    if updated is None:  # deleted meanwhile
        raise conv_errors.conversation_not_found(conversation_id)
    return updated["conversation"]


async def delete_conversation(request: Request) -> Any:
    store, conversation_id, _ = _record(request)
    store.delete(conversation_id)
    return {"id": conversation_id, "object": "conversation.deleted", "deleted": True}


async def create_items(request: Request) -> Any:
    mock = mock_state(request)
    store, conversation_id, record = _record(request)
    body = await json_body(request)
    check(body, ADD)
    _query_include(request)
    if not body["items"]:
        raise errors.array_too_short("items", 1, 0)
    items = _items(mock, conversation_id, body["items"], record["added"])
    store.append(conversation_id, items)
    return {
        "object": "list",
        "data": items,
        "first_id": items[0]["id"],
        "last_id": items[-1]["id"],
        "has_more": False,
    }


async def list_items(request: Request) -> Any:
    store, _, record = _record(request)
    _query_include(request)
    return store.items_page(record, page_query(request, default_order="desc", with_before=False))


def _item(record: Record, item_id: str) -> dict[str, Any]:
    for item in record["items"]:
        if item["id"] == item_id:
            found: dict[str, Any] = item
            return found
    raise conv_errors.item_not_found(item_id)


async def retrieve_item(request: Request) -> Any:
    _, _, record = _record(request)
    _query_include(request)
    return _item(record, request.path_params["item_id"])


async def delete_item(request: Request) -> Any:
    store, conversation_id, record = _record(request)
    _item(record, request.path_params["item_id"])
    updated = store.remove_item(conversation_id, request.path_params["item_id"])
    if updated is None:
        raise conv_errors.conversation_not_found(conversation_id)
    return updated["conversation"]
