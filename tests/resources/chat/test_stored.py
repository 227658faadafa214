"""Stored chat completions (``store: true``): list with filters and pagination, retrieve,
update metadata, delete, and the stored messages."""

from __future__ import annotations

from typing import Any

import openai
import pytest
from openai.types.chat import ChatCompletion, ChatCompletionDeleted

from tests.conftest import envelope
from tests.resources.chat.helpers import check_completion
from tests.schema_check import validate_sdk


def create(client: Any, text: str, **extra: Any) -> Any:
    extra.setdefault("store", True)
    return client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": text}], **extra
    )


def test_lifecycle(openai_client: Any, mock_http: Any) -> None:
    made = create(openai_client, "Tell me about rivers", metadata={"topic": "geo"})
    create(openai_client, "Not stored", store=False)
    got = openai_client.chat.completions.retrieve(made.id)
    assert got.id == made.id and got.metadata == {"topic": "geo"}
    assert got.choices[0].message.content == made.choices[0].message.content
    raw = mock_http.get(f"/v1/chat/completions/{made.id}").json()
    check_completion(raw)

    updated = openai_client.chat.completions.update(made.id, metadata={"topic": "water"})
    assert updated.metadata == {"topic": "water"}
    assert openai_client.chat.completions.retrieve(made.id).metadata == {"topic": "water"}

    messages = openai_client.chat.completions.messages.list(made.id)
    assert [(m.id, m.role, m.content) for m in messages.data] == [
        (f"{made.id}-0", "user", "Tell me about rivers")
    ]
    assert messages.data[0].content_parts is None

    deleted = mock_http.delete(f"/v1/chat/completions/{made.id}").json()
    validate_sdk(ChatCompletionDeleted, deleted)
    assert deleted == {"object": "chat.completion.deleted", "id": made.id, "deleted": True}
    with pytest.raises(openai.NotFoundError):
        openai_client.chat.completions.retrieve(made.id)
    missing = mock_http.get(f"/v1/chat/completions/{made.id}/messages")
    assert missing.status_code == 404 and envelope(missing)["param"] == "completion_id"


def test_list_filters_and_pages(openai_client: Any, mock_http: Any) -> None:
    ids = [create(openai_client, f"Question {i}", metadata={"k": str(i % 2)}).id for i in range(5)]
    ids.append(create(openai_client, "one more").id)
    other = openai_client.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "x"}], store=True
    )
    page = openai_client.chat.completions.list(limit=2)
    assert [c.id for c in page.data] == ids[:2] and page.has_more
    every = [c.id for c in openai_client.chat.completions.list(limit=2)]  # auto-pagination
    assert every == [*ids, other.id]
    body = mock_http.get("/v1/chat/completions", params={"limit": 2, "after": ids[1]}).json()
    assert [c["id"] for c in body["data"]] == ids[2:4]
    assert body["first_id"] == ids[2] and body["last_id"] == ids[3] and body["has_more"]
    for item in body["data"]:
        validate_sdk(ChatCompletion, item)
    odd = mock_http.get("/v1/chat/completions", params={"metadata[k]": "1"}).json()
    assert [c["id"] for c in odd["data"]] == [ids[1], ids[3]]
    newest = mock_http.get("/v1/chat/completions", params={"order": "desc", "limit": 1}).json()
    assert [c["id"] for c in newest["data"]] == [other.id]
    by_model = openai_client.chat.completions.list(model="gpt-4o")
    assert [c.id for c in by_model.data] == [other.id]


def test_content_parts_are_kept(mock_http: Any) -> None:
    parts = [
        {"type": "text", "text": "What is this?"},
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}},
    ]
    made = mock_http.post(
        "/v1/chat/completions",
        json={"model": "gpt-4o", "store": True, "messages": [{"role": "user", "content": parts}]},
    ).json()
    listed = mock_http.get(f"/v1/chat/completions/{made['id']}/messages").json()
    (message,) = listed["data"]
    assert message["content"] == "What is this?" and message["content_parts"] == parts


def test_update_needs_metadata_and_unknown_ids_404(mock_http: Any) -> None:
    response = mock_http.post("/v1/chat/completions/chatcmpl-nope", json={"metadata": {}})
    assert response.status_code == 404
    assert envelope(response)["message"] == "Chat completion with id 'chatcmpl-nope' not found."
    made = mock_http.post(
        "/v1/chat/completions",
        json={"model": "gpt-4o", "store": True, "messages": [{"role": "user", "content": "hi"}]},
    ).json()
    bad = mock_http.post(f"/v1/chat/completions/{made['id']}", json={"seed": 3})
    assert bad.status_code == 400
    assert envelope(bad)["message"] == "Unrecognized request argument supplied: seed"
