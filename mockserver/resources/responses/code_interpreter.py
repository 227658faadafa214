"""The ``code_interpreter`` tool: its definition checked as the real API checks it (a container
id, or ``{"type": "auto", "file_ids", "memory_limit", "network_policy"}``), and a call run
offline: the Python the model writes for the question (``generate.builtin_calls``), its
printed logs, the ``code_interpreter_call`` item (``outputs`` only when
``include`` asks for ``code_interpreter_call.outputs``) and the tool result the answer reads.

The mock keeps no containers: ``auto`` names a container made for the response, a container
id is used as given."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...generate.builtin_calls import python_program
from ...http import errors
from ...http.params import check_value, param, required
from . import errors as resp_errors

KEYS = ("type", "container", "allowed_callers")
CONTAINER_KEYS = ("type", "file_ids", "memory_limit", "network_policy")
MEMORY_LIMITS = ("1g", "4g", "16g", "64g")
NETWORK_POLICIES = ("disabled", "allowlist")
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
    file_ids = given.get("file_ids")
    if file_ids is not None:
        check_value(f"{where}.file_ids", param("array"), file_ids)
        for k, file_id in enumerate(file_ids):
            check_value(f"{where}.file_ids[{k}]", param("string"), file_id)
        echoed["file_ids"] = list(file_ids)
    limit = given.get("memory_limit")
    if limit is not None:
        check_value(f"{where}.memory_limit", param("string", enum=MEMORY_LIMITS), limit)
        echoed["memory_limit"] = limit
    policy = given.get("network_policy")
    if policy is not None:
        check_value(f"{where}.network_policy", param("object"), policy)
        kind = policy.get("type")
        required(f"{where}.network_policy.type", kind, param("string", enum=NETWORK_POLICIES))
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
    """Run the code the question calls for; ``container_id`` is the one made for ``auto``."""
    program = python_program(question)
    container = tool["container"]
    item = {
        "id": item_id,
        "type": "code_interpreter_call",
        "status": "completed",
        "code": program.code,
        "container_id": container if isinstance(container, str) else container_id,
        "outputs": [{"type": "logs", "logs": program.logs}] if with_outputs else None,
    }
    return Ran(item, program.logs)
