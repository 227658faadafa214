"""The hosted ``shell`` tool: the commands run (offline, by ``shell_commands``) in a
/v1/containers container, auto-made or named; a ``shell_call`` naming the container and its
``shell_call_output``, then the answer; streamed with the shell events; the real 4xx for a
bad environment or container."""

from __future__ import annotations

import time
from typing import Any

import pytest
from openai.types.responses import (
    ResponseFunctionShellToolCall,
    ResponseFunctionShellToolCallOutput,
)

from mockserver.settings import Settings
from mockserver.testing import FROZEN_TIME
from tests.conftest import envelope
from tests.resources.chat.helpers import validate_openapi
from tests.resources.containers.helpers import new_container
from tests.resources.responses.helpers import check_item_list, check_response, create
from tests.resources.responses.test_stream import fresh, stream
from tests.resources.vector_stores.helpers import upload
from tests.schema_check import validate_sdk

AUTO = {"type": "shell", "environment": {"type": "container_auto"}}
LIST = "List the files in the current directory."
NOTES = b"first line\nsecond line\nthird line\n"


def _tool(container_id: str) -> dict[str, Any]:
    environment = {"type": "container_reference", "container_id": container_id}
    return {"type": "shell", "environment": environment}


def _with_notes(mock_http: Any) -> dict[str, Any]:
    file_id = upload(mock_http, "notes.txt", NOTES)
    return new_container(mock_http, file_ids=[file_id])


def test_an_auto_container_runs_the_listing_then_the_answer(mock_http: Any) -> None:
    file_id = upload(mock_http, "notes.txt", NOTES)
    tool = {"type": "shell", "environment": {"type": "container_auto", "file_ids": [file_id]}}
    body = create(mock_http, model="gpt-4o", input=LIST, tools=[tool])
    check_response(body)
    call, output, answer = body["output"]
    validate_sdk(ResponseFunctionShellToolCall, call)
    validate_openapi("FunctionShellCall", call)
    validate_sdk(ResponseFunctionShellToolCallOutput, output)
    validate_openapi("FunctionShellCallOutput", output)
    assert call["action"]["commands"] == ["ls -la"] and output["call_id"] == call["call_id"]
    container_id = call["environment"]["container_id"]
    (made,) = mock_http.get("/v1/containers").json()["data"]
    assert made["id"] == container_id and call["environment"]["type"] == "container_reference"
    (part,) = output["output"]
    assert part["outcome"] == {"type": "exit", "exit_code": 0} and part["stderr"] == ""
    assert part["stdout"].splitlines()[0] == "total 4"
    stamp = time.strftime("%b %e %H:%M", time.gmtime(FROZEN_TIME))
    assert part["stdout"].splitlines()[-1] == f"-rw-r--r-- 1 root root 34 {stamp} notes.txt"
    assert answer["type"] == "message"
    assert body["tools"][0]["environment"] == tool["environment"]


def test_a_named_container_file_is_read(mock_http: Any) -> None:
    container = _with_notes(mock_http)
    ask = "Show me the first lines of notes.txt"
    forced = {"type": "shell"}
    tools = [_tool(container["id"])]
    body = create(mock_http, model="gpt-4o", input=ask, tools=tools, tool_choice=forced)
    call, output, _ = body["output"]
    assert call["action"]["commands"] == ["head -n 5 notes.txt"]
    assert call["environment"]["container_id"] == container["id"]
    assert output["output"][0]["stdout"] == NOTES.decode()
    ask = "Count the lines in notes.txt"
    counted = create(mock_http, model="gpt-4o", input=ask, tools=tools, tool_choice=forced)
    assert counted["output"][1]["output"][0]["stdout"] == " 3  6 34 notes.txt\n"


def test_an_unknown_command_prints_command_not_found(mock_http: Any) -> None:
    body = create(mock_http, model="gpt-4o", input="Show the git status", tools=[AUTO])
    (part,) = body["output"][1]["output"]
    assert part == {
        "stdout": "",
        "stderr": "bash: line 1: git: command not found\n",
        "outcome": {"type": "exit", "exit_code": 127},
    }


def test_an_auto_container_is_reused_through_the_chain(mock_http: Any) -> None:
    first = create(mock_http, model="gpt-4o", input=LIST, tools=[AUTO])
    again = create(
        mock_http, model="gpt-4o", input=LIST, tools=[AUTO], previous_response_id=first["id"]
    )
    used = [r["output"][0]["environment"]["container_id"] for r in (first, again)]
    assert used[0] == used[1]
    assert len(mock_http.get("/v1/containers").json()["data"]) == 1


def test_a_turn_joins_its_conversation_and_can_be_passed_back(mock_http: Any) -> None:
    conversation = mock_http.post("/v1/conversations", json={}).json()
    body = create(
        mock_http, model="gpt-4o", input=LIST, tools=[AUTO], conversation=conversation["id"]
    )
    items = mock_http.get(f"/v1/conversations/{conversation['id']}/items?order=asc").json()
    kinds = [item["type"] for item in items["data"]]
    assert kinds == ["message", "shell_call", "shell_call_output", "message"]
    again = {"role": "user", "content": "Thanks!"}
    given = [{"role": "user", "content": LIST}, *body["output"], again]
    follow = create(mock_http, model="gpt-4o", input=given, tools=[AUTO])
    assert [item["type"] for item in follow["output"]] == ["message"]
    listed = mock_http.get(f"/v1/responses/{follow['id']}/input_items?order=asc").json()
    check_item_list(listed)
    assert [item["type"] for item in listed["data"]][1:3] == ["shell_call", "shell_call_output"]


def test_the_stream_sends_the_shell_events_and_ends_with_the_plain_response(
    mock_settings: Settings,
) -> None:
    body = {"model": "gpt-4o", "input": LIST, "tools": [AUTO]}
    with fresh(mock_settings) as plain_client, fresh(mock_settings) as stream_client:
        plain = plain_client.post("/v1/responses", json=body).json()
        events = stream(stream_client, **body)
    assert events[-1]["response"]["output"] == plain["output"]
    kinds = [e["type"] for e in events]
    commands = [e for e in events if e["type"].startswith("response.shell_call_command.")]
    assert commands[0]["type"].endswith(".added") and commands[-1]["command"] == "ls -la"
    deltas = "".join(e["delta"] for e in commands if e["type"].endswith(".delta"))
    assert deltas == "ls -la"
    (content,) = [e for e in events if e["type"] == "response.shell_call_output_content.done"]
    assert content["output"] == plain["output"][1]["output"]
    assert "response.shell_call_output_content.delta" in kinds


def test_an_unknown_or_expired_container_is_refused(mock_http: Any) -> None:
    body = {"model": "gpt-4o", "input": LIST}
    unknown = mock_http.post("/v1/responses", json={**body, "tools": [_tool("cntr_nope")]})
    assert unknown.status_code == 404 and "cntr_nope" in envelope(unknown)["message"]
    container = new_container(mock_http, expires_after={"anchor": "last_active_at", "minutes": 1})
    mock_http.post("/__mock__/clock", json={"advance": 61})
    late = mock_http.post("/v1/responses", json={**body, "tools": [_tool(container["id"])]})
    assert late.status_code == 400 and envelope(late)["message"] == "Container is expired."
    missing = {"type": "shell", "environment": {"type": "container_auto", "file_ids": ["file_x"]}}
    refused = mock_http.post("/v1/responses", json={**body, "tools": [missing]})
    assert refused.status_code == 404


@pytest.mark.parametrize(
    ("environment", "where"),
    [
        ({"type": "container_reference"}, "tools[0].environment.container_id"),
        ({"type": "container_reference", "container_id": 3}, "tools[0].environment.container_id"),
        ({"type": "container_auto", "memory_limit": "2g"}, "tools[0].environment.memory_limit"),
        ({"type": "container_auto", "cpus": 2}, "tools[0].environment.cpus"),
        (
            {"type": "container_auto", "skills": [{"type": "x"}]},
            "tools[0].environment.skills[0].type",
        ),
        (
            {"type": "container_auto", "network_policy": {"type": "open"}},
            "tools[0].environment.network_policy.type",
        ),
        ({"type": "docker"}, "tools[0].environment.type"),
    ],
)
def test_bad_environments_get_a_400(mock_http: Any, environment: Any, where: str) -> None:
    tool = {"type": "shell", "environment": environment}
    response = mock_http.post(
        "/v1/responses", json={"model": "gpt-4o", "input": LIST, "tools": [tool]}
    )
    assert response.status_code == 400, response.text
    assert envelope(response)["param"] == where
