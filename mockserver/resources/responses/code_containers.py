"""The containers a Responses ``code_interpreter`` runs in: /v1/containers' own. A
container id must name a running one (checked with the request, before anything is made);
``auto`` reuses the latest running container of a code interpreter call in the context, or
makes one for the run with the files it names copied in. (Apart from ``code_interpreter``,
which the stored responses' backend imports: these need the state.)"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...state import MockState
from ..containers import errors as container_errors
from ..containers import handlers as containers
from ..containers import request as container_request
from ..files import errors as file_errors
from .request import ResponsesRequest


def check_containers(mock: MockState, tools: list[dict[str, Any]]) -> None:
    """The container a code interpreter names must exist and be running (the real 4xx
    otherwise), the files an ``auto`` one copies in must exist: checked before anything is
    made."""
    for tool in tools:
        if tool["type"] != "code_interpreter":
            continue
        container = tool["container"]
        if isinstance(container, str):
            if containers.known(mock, container).expired(mock.now()):
                raise container_errors.expired()
            continue
        for file_id in container.get("file_ids", []):
            if mock.backends.files.get(file_id) is None:
                raise file_errors.file_not_found(file_id)


# How far back a chain of previous responses is followed for a container to reuse.
MAX_CHAIN = 100


def _used_in(items: list[dict[str, Any]]) -> list[str]:
    return [
        str(item["container_id"])
        for item in reversed(items)
        if item.get("type") == "code_interpreter_call" and item.get("container_id")
    ]


def earlier(mock: MockState, req: ResponsesRequest) -> list[str]:
    """The containers of the code interpreter calls in a request's context, latest first: in
    its input, then its conversation, then the stored responses it continues."""
    found = _used_in(req.input.items)
    if req.conversation_id is not None:
        record = mock.backends.conversations.get(req.conversation_id)
        found += _used_in(record["items"]) if record is not None else []
    previous = req.previous_response_id
    for _ in range(MAX_CHAIN):
        stored = mock.backends.responses.get(previous) if previous is not None else None
        if stored is None:
            break
        found += _used_in(stored["response"]["output"]) + _used_in(stored["input_items"])
        previous = stored["response"].get("previous_response_id")
    return found


def container_for(
    mock: MockState, tool: Mapping[str, Any], response_id: str, used: list[str]
) -> str:
    """The container a run uses, active again: the one named; for ``auto`` the latest running
    one of the calls in the context (``used``, as the reference says), else a new one (listed
    by /v1/containers) with the files it names copied in."""
    container = tool["container"]
    if isinstance(container, str):
        return containers.active(mock, container).id
    now = mock.now()
    for container_id in used:
        record = containers.backend(mock).get(container_id)
        if record is not None and not record.expired(now):
            return containers.active(mock, container_id).id
    policy = container.get("network_policy")
    spec = container_request.ContainerSpec(
        name=f"Container for {response_id}",
        minutes=container_request.DEFAULT_MINUTES,
        memory_limit=container.get("memory_limit") or container_request.DEFAULT_MEMORY_LIMIT,
        network_policy=container_request.network_policy("network_policy", policy),
        file_ids=list(container.get("file_ids", [])),
    )
    return containers.make(mock, spec).id
