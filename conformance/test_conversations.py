"""/v1/conversations: create with items, a response that reads and extends the conversation,
the items list, delete and the 404 after it. Two cheap responses; everything made is
deleted."""

from __future__ import annotations

from typing import Any

import pytest
from openai.types.conversations import Conversation, ConversationItemList

from . import checks
from .target import Target
from .test_responses import create, delete

ENDPOINT = "/v1/conversations"


@pytest.mark.conformance(ENDPOINT, "items and responses")
def test_a_response_reads_and_extends_its_conversation(target: Target) -> None:
    items = [{"type": "message", "role": "user", "content": "My name is Ada."}]
    made: dict[str, Any] = checks.expect_json(
        target.post("/conversations", {"items": items, "metadata": {"k": "v"}}),
        Conversation,
        "ConversationResource",
    )
    conversation_id = made["id"]
    try:
        assert made["object"] == "conversation" and made["metadata"] == {"k": "v"}, made
        response = create(target, input="What is my name?", conversation=conversation_id)
        delete(target, response["id"])
        assert response["conversation"] == {"id": conversation_id}, response.get("conversation")
        listed = checks.expect_json(
            target.get(f"/conversations/{conversation_id}/items", params={"order": "asc"}),
            ConversationItemList,
            "ConversationItemList",
        )
        texts = [
            part.get("text")
            for item in listed["data"]
            if item["type"] == "message"
            for part in item["content"]
        ]
        assert texts[:2] == ["My name is Ada.", "What is my name?"], (
            f"the conversation holds {texts}: not its item, then the response's input"
        )
        assert listed["data"][-1]["role"] == "assistant", "the response's output was not added"
    finally:
        deleted = target.request("DELETE", f"/conversations/{conversation_id}")
    assert deleted.json() == {
        "id": conversation_id,
        "object": "conversation.deleted",
        "deleted": True,
    }, deleted.text[:300]
    gone = checks.expect_error(
        target.error_request(ENDPOINT, "GET", f"/conversations/{conversation_id}"), 404
    )
    assert gone["message"] == f"Conversation with id '{conversation_id}' not found.", gone
