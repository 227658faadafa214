"""The ``code_interpreter`` tool: its definition checked as the real API checks it (a container
id, or ``{"type": "auto", "file_ids", "memory_limit", "network_policy"}``), and a call run
offline: the Python the model writes for the question (``generate.builtin_calls``), its
printed logs, the ``code_interpreter_call`` item (``outputs`` only when
``include`` asks for ``code_interpreter_call.outputs``) and the tool result the answer reads.

The containers are /v1/containers' own (``code_containers``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...generate.builtin_calls import python_program
from ...http import errors
from ...http.params import check_value, param, required
from ..containers import request as container_request
from . import errors as resp_errors

KEYS = ("type", "container", "allowed_callers")
CONTAINER_KEYS = ("type", "file_ids", "memory_limit", "network_policy")
MEMORY_LIMITS = container_request.MEMORY_LIMITS
CALLERS = ("direct", "programmatic")
INCLUDE = "code_interpreter_call.outputs"


def check_callers(where: str, given: Any) -> None:
    """``allowed_callers`` (the code interpreter's, the shell's, apply_patch's)."""
    if given is None:
        return
    check_value(where, param("array", min_items=1), given)
    for k, caller in enumerate(given):
        check_value(f"{where}[{k}]", param("string", enum=CALLERS), caller)


def _container(where: str, given: Any) -> Any:
    if given is None:
        raise errors.missing_parameter(where)
    check_value(where, param("string", "object"), given)
    if isinstance(given, str):
        return given
    resp_errors.only_known(where, given, CONTAINER_KEYS)
    required(f"{where}.type", given.get("type"), param("string", enum=("auto",)))
    echoed: dict[str, Any] = {"type": "auto"}
    if given.get("file_ids") is not None:
        echoed["file_ids"] = container_request.file_ids(f"{where}.file_ids", given["file_ids"])
    limit = given.get("memory_limit")
    if limit is not None:
        check_value(f"{where}.memory_limit", param("string", enum=MEMORY_LIMITS), limit)
        echoed["memory_limit"] = limit
    policy = given.get("network_policy")
    if policy is not None:
        where_policy = f"{where}.network_policy"
        container_request.network_policy(where_policy, policy, resp_errors.only_known)
        echoed["network_policy"] = dict(policy)
    return echoed


def check_tool(where: str, tool: Mapping[str, Any]) -> dict[str, Any]:
    """A ``code_interpreter`` tool as the response echoes it."""
    resp_errors.only_known(where, tool, KEYS)
    echoed: dict[str, Any] = {
        "type": "code_interpreter",
        "container": _container(f"{where}.container", tool.get("container")),
    }
    check_callers(f"{where}.allowed_callers", tool.get("allowed_callers"))
    if tool.get("allowed_callers") is not None:
        echoed["allowed_callers"] = list(tool["allowed_callers"])
    return echoed


@dataclass(frozen=True)
class Ran:
    """One run: the call item and the logs the model reads."""

    item: dict[str, Any]
    logs: str

    @property
    def result_text(self) -> str:
        return self.logs

    def citations(self, text: str) -> list[dict[str, Any]]:
        return []


def run(
    tool: Mapping[str, Any], question: str, item_id: str, container_id: str, *, with_outputs: bool
) -> Ran:
    """Run the code the question calls for in ``container_id`` (``container_for``)."""
    program = python_program(question)
    item = {
        "id": item_id,
        "type": "code_interpreter_call",
        "status": "completed",
        "code": program.code,
        "container_id": container_id,
        "outputs": [{"type": "logs", "logs": program.logs}] if with_outputs else None,
    }
    return Ran(item, program.logs)
