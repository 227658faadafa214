"""/v1/threads and their messages: create (with messages and tool_resources), retrieve, modify,
delete (with its messages and runs), messages in every content form, lists and filters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openai
import pytest
from openai.types.beta import ThreadDeleted
from openai.types.beta.threads import MessageDeleted
from starlette.testclient import TestClient

from mockserver import Settings, create_app
from mockserver.clock import FixedClock
from mockserver.testing import FROZEN_TIME
from tests.conftest import AUTH, envelope
from tests.error_catalogue import cases, check_in_process
from tests.schema_check import validate_openapi, validate_sdk

from .helpers import V2, check_message, check_thread

pytestmark = pytest.mark.filterwarnings("ignore:.*deprecated:DeprecationWarning")

PARTS = [
    {"type": "text", "text": "What is in these images?"},
    {"type": "image_file", "image_file": {"file_id": "file-abc", "detail": "low"}},
    {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}},
]


def test_thread_with_messages_and_tool_resources(openai_client: Any) -> None:
    thread = openai_client.beta.threads.create(
        messages=[
            {"role": "user", "content": "Hello", "metadata": {"n": "1"}},
            {"role": "assistant", "content": PARTS[:1]},
            {
                "role": "user",
                "content": PARTS,
                "attachments": [{"file_id": "file-x", "tools": [{"type": "code_interpreter"}]}],
            },
        ],
        tool_resources={"code_interpreter": {"file_ids": ["file-x"]}},
        metadata={"topic": "images"},
    )
    assert thread.tool_resources.code_interpreter.file_ids == ["file-x"]
    assert (thread.metadata, thread.created_at) == ({"topic": "images"}, FROZEN_TIME)
    assert openai_client.beta.threads.retrieve(thread.id) == thread
    listed = openai_client.beta.threads.messages.list(thread.id, order="asc")
    assert [m.role for m in listed.data] == ["user", "assistant", "user"]
    first, _, last = listed.data
    assert first.content[0].text.value == "Hello" and first.content[0].text.annotations == []
    assert first.metadata == {"n": "1"} and first.thread_id == thread.id
    assert [c.type for c in last.content] == ["text", "image_file", "image_url"]
    assert last.content[1].image_file.detail == "low"
    assert last.content[2].image_url.url == "https://example.com/a.png"
    assert last.attachments[0].file_id == "file-x"
    assert last.attachments[0].tools[0].type == "code_interpreter"


def test_shapes_validate(mock_http: Any) -> None:
    thread = mock_http.post("/v1/threads", headers=V2, json={}).json()
    check_thread(thread)
    assert thread["tool_resources"] == {} and thread["metadata"] == {}
    message = mock_http.post(
        f"/v1/threads/{thread['id']}/messages", headers=V2, json={"role": "user", "content": PARTS}
    ).json()
    check_message(message)
    listed = mock_http.get(f"/v1/threads/{thread['id']}/messages", headers=V2).json()
    validate_openapi("ListMessagesResponse", listed)
    gone = mock_http.delete(f"/v1/threads/{thread['id']}/messages/{message['id']}", headers=V2)
    validate_sdk(MessageDeleted, gone.json())
    validate_openapi("DeleteMessageResponse", gone.json())
    deleted = mock_http.delete(f"/v1/threads/{thread['id']}", headers=V2).json()
    validate_sdk(ThreadDeleted, deleted)
    validate_openapi("DeleteThreadResponse", deleted)
    assert deleted == {"id": thread["id"], "object": "thread.deleted", "deleted": True}


def test_modify_and_delete(openai_client: Any) -> None:
    thread = openai_client.beta.threads.create()
    changed = openai_client.beta.threads.update(
        thread.id,
        metadata={"k": "v"},
        tool_resources={"file_search": {"vector_store_ids": ["vs_1"]}},
    )
    assert changed.metadata == {"k": "v"}
    assert changed.tool_resources.file_search.vector_store_ids == ["vs_1"]
    message = openai_client.beta.threads.messages.create(thread.id, role="user", content="hi")
    assert message.status == "completed" and message.run_id is None
    again = openai_client.beta.threads.messages.update(
        message.id, thread_id=thread.id, metadata={"seen": "yes"}
    )
    assert again.metadata == {"seen": "yes"}
    got = openai_client.beta.threads.messages.retrieve(message.id, thread_id=thread.id)
    assert got == again
    deleted = openai_client.beta.threads.messages.delete(message.id, thread_id=thread.id)
    assert deleted.deleted and deleted.object == "thread.message.deleted"
    with pytest.raises(openai.NotFoundError) as missing:
        openai_client.beta.threads.messages.retrieve(message.id, thread_id=thread.id)
    assert missing.value.body["message"] == f"No message found with id '{message.id}'."  # type: ignore[index]
    openai_client.beta.threads.delete(thread.id)
    with pytest.raises(openai.NotFoundError) as gone:
        openai_client.beta.threads.retrieve(thread.id)
    assert gone.value.body["message"] == f"No thread found with id '{thread.id}'."  # type: ignore[index]


def test_message_list_pages_and_filters(openai_client: Any) -> None:
    thread = openai_client.beta.threads.create()
    ids = [
        openai_client.beta.threads.messages.create(thread.id, role="user", content=str(i)).id
        for i in range(4)
    ]
    page = openai_client.beta.threads.messages.list(thread.id, limit=2)
    assert [m.id for m in page.data] == ids[::-1][:2] and page.has_more
    assert [m.id for m in openai_client.beta.threads.messages.list(thread.id)] == ids[::-1]
    after = openai_client.beta.threads.messages.list(thread.id, order="asc", after=ids[1])
    assert [m.id for m in after.data] == ids[2:]
    none = openai_client.beta.threads.messages.list(thread.id, run_id="run_nope")
    assert none.data == []


def test_a_message_of_another_thread_is_not_found(mock_http: Any) -> None:
    one = mock_http.post("/v1/threads", headers=V2, json={}).json()["id"]
    two = mock_http.post("/v1/threads", headers=V2, json={}).json()["id"]
    message = mock_http.post(
        f"/v1/threads/{one}/messages", headers=V2, json={"role": "user", "content": "x"}
    ).json()
    response = mock_http.get(f"/v1/threads/{two}/messages/{message['id']}", headers=V2)
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        ({"content": "x"}, "role", "missing_required_parameter"),
        ({"role": "system", "content": "x"}, "role", "invalid_value"),
        ({"role": "user"}, "content", "missing_required_parameter"),
        ({"role": "user", "content": []}, "content", "empty_array"),
        ({"role": "user", "content": [{"type": "audio"}]}, "content[0].type", "invalid_value"),
        ({"role": "user", "content": [{"type": "text"}]}, "content[0].text", None),
        (
            {"role": "user", "content": [{"type": "image_file", "image_file": {}}]},
            "content[0].image_file.file_id",
            "missing_required_parameter",
        ),
        (  # MessageObject's image_url.url is a URI: the real API refuses anything else
            {"role": "user", "content": [{"type": "image_url", "image_url": {"url": ""}}]},
            "content[0].image_url.url",
            "invalid_value",
        ),
        (
            {"role": "user", "content": "x", "attachments": [{"tools": []}]},
            "attachments[0].file_id",
            None,
        ),
        ({"role": "user", "content": "x", "file_ids": []}, None, None),
        (  # found by make fuzz: {} was read as no tools
            {"role": "user", "content": "x", "attachments": [{"file_id": "f", "tools": {}}]},
            "attachments[0].tools",
            "invalid_type",
        ),
    ],
)
def test_bad_messages_get_the_real_400(
    mock_http: Any, body: dict[str, Any], param: str | None, code: str | None
) -> None:
    thread = mock_http.post("/v1/threads", headers=V2, json={}).json()["id"]
    response = mock_http.post(f"/v1/threads/{thread}/messages", headers=V2, json=body)
    assert response.status_code == 400, response.text
    error = envelope(response)
    assert param is None or error["param"] == param, error
    assert code is None or error["code"] == code, error
    listed = mock_http.get(f"/v1/threads/{thread}/messages", headers=V2).json()
    assert listed["data"] == []


def test_bad_thread_messages_name_their_place(mock_http: Any) -> None:
    body = {"messages": [{"role": "user", "content": "ok"}, {"role": "user", "text": "x"}]}
    response = mock_http.post("/v1/threads", headers=V2, json=body)
    assert response.status_code == 400
    assert envelope(response)["param"] == "messages[1].text"
    assert mock_http.get("/v1/threads/x", headers=V2).status_code == 404


def test_every_thread_route_needs_the_beta_header(mock_http: Any) -> None:
    thread = mock_http.post("/v1/threads", headers=V2, json={}).json()["id"]
    for method, path in [
        ("POST", "/v1/threads"),
        ("GET", f"/v1/threads/{thread}"),
        ("GET", f"/v1/threads/{thread}/messages"),
        ("POST", "/v1/threads/runs"),
        ("GET", f"/v1/threads/{thread}/runs"),
    ]:
        response = mock_http.request(method, path, json={})
        assert response.status_code == 400, (method, path)
        assert envelope(response)["code"] == "invalid_beta"


def test_threads_outlive_the_app_with_a_state_dir(tmp_path: Path) -> None:
    settings = Settings(seed=0, clock=FixedClock(FROZEN_TIME), state_dir=str(tmp_path))
    body = {"messages": [{"role": "user", "content": "kept"}]}
    with TestClient(create_app(settings), headers=AUTH) as http:
        thread = http.post("/v1/threads", headers=V2, json=body).json()
        messages = http.get(f"/v1/threads/{thread['id']}/messages", headers=V2).json()
    with TestClient(create_app(settings), headers=AUTH) as http:
        assert http.get(f"/v1/threads/{thread['id']}", headers=V2).json() == thread
        again = http.get(f"/v1/threads/{thread['id']}/messages", headers=V2).json()
        assert again == messages


@pytest.mark.parametrize("case", cases("/v1/threads"))
def test_error_catalogue(mock_http: Any, case: dict[str, Any]) -> None:
    check_in_process(mock_http, case)


def test_retired_apis_retire_threads_too() -> None:
    settings = Settings(seed=0, clock=FixedClock(FROZEN_TIME), retired_apis=True)
    with TestClient(create_app(settings), headers=AUTH) as http:
        for method, path in [("POST", "/v1/threads"), ("POST", "/v1/threads/runs")]:
            response = http.request(method, path, headers=V2, json={})
            assert response.status_code == 404
            assert envelope(response)["message"] == f"Invalid URL ({method} {path})"
