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
from . import client_tools, context_items
from .request import ResponsesRequest


def container_of(tool: Mapping[str, Any]) -> str | Mapping[str, Any] | None:
    """The container a tool runs in: a code interpreter's, a hosted shell's (an id, or an
    ``auto`` definition); None for a tool run elsewhere."""
    if tool["type"] == "code_interpreter":
        container: str | Mapping[str, Any] = tool["container"]
        return container
    return client_tools.hosted_container(tool)


def check_containers(mock: MockState, tools: list[dict[str, Any]]) -> None:
    """The container a code interpreter names must exist and be running (the real 4xx
    otherwise), the files an ``auto`` one copies in must exist: checked before anything is
    made."""
    for tool in tools:
        container = container_of(tool)
        if container is None:
            continue
        if isinstance(container, str):
            if containers.known(mock, container).expired(mock.now()):
                raise container_errors.expired()
            continue
        for file_id in container.get("file_ids", []):
            if mock.backends.files.get(file_id) is None:
                raise file_errors.file_not_found(file_id)


def earlier(mock: MockState, req: ResponsesRequest) -> list[str]:
    """The containers of the code interpreter and hosted shell calls in a request's context,
    latest first."""
    return [cid for item in context_items.latest_first(mock, req) if (cid := used_by(item))]


def used_by(item: dict[str, Any]) -> str | None:
    """The container an earlier call ran in (None for any other item)."""
    if item.get("type") == "code_interpreter_call" and item.get("container_id"):
        return str(item["container_id"])
    environment = item.get("environment") if item.get("type") == "shell_call" else None
    if isinstance(environment, dict) and environment.get("type") == "container_reference":
        return str(environment.get("container_id"))
    return None


def container_for(
    mock: MockState, container: str | Mapping[str, Any], response_id: str, used: list[str]
) -> str:
    """The container a run uses, active again: the one named; for ``auto`` the latest running
    one of the calls in the context (``used``, as the reference says), else a new one (listed
    by /v1/containers) with the files it names copied in."""
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
