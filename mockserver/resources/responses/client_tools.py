"""The built-in tools a client runs itself: ``computer`` / ``computer_use_preview``,
``local_shell``, ``shell`` (in a local environment; in a container it is hosted, see
``hosted_shell``) and ``apply_patch``. Their definitions
checked as the real API checks them; a planned call turned into the tool's own call item
(``computer_call`` with an ``action`` and ``pending_safety_checks``, ``local_shell_call``,
``shell_call``, ``apply_patch_call``); and those items and their ``*_output`` items, passed
back as input, read as the chat-form call and tool result the shared planner answers from."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from ...generate import builtin_calls
from ...http.params import check_value, param, required
from ...llm.image_urls import check_image_reference
from ..containers import request as container_request
from . import errors as resp_errors
from .code_interpreter import check_callers

COMPUTER_TYPES = ("computer", "computer_use_preview")
TYPES = (*COMPUTER_TYPES, "local_shell", "shell", "apply_patch")
ENVIRONMENTS = ("windows", "mac", "linux", "ubuntu", "browser")
# The call item each tool's calls are, and its id prefix.
CALL_TYPES = {
    "computer": "computer_call",
    "computer_use_preview": "computer_call",
    "local_shell": "local_shell_call",
    "shell": "shell_call",
    "apply_patch": "apply_patch_call",
}
PREFIXES = {
    "computer_call": "cu_",
    "local_shell_call": "lsh_",
    "shell_call": "sh_",
    "apply_patch_call": "apc_",
}
OUTPUT_TYPES = {f"{kind}_output": kind for kind in PREFIXES}
# The ids an output item is listed with when the request gave none (the real prefixes are
# not documented: a guess in the calls' own style).
OUTPUT_PREFIXES = {
    "computer_call_output": "cuo_",
    "shell_call_output": "sho_",
    "apply_patch_call_output": "apo_",
}
# The default screen a GA ``computer`` tool is driven at (it takes no display size).
SCREEN = (1024, 768)
PATCH_STATUSES = ("completed", "failed")


def _computer_preview(where: str, tool: Mapping[str, Any]) -> dict[str, Any]:
    resp_errors.only_known(where, tool, ("type", "display_width", "display_height", "environment"))
    for name in ("display_width", "display_height"):
        required(f"{where}.{name}", tool.get(name), param("integer", minimum=1))
    required(f"{where}.environment", tool.get("environment"), param("string", enum=ENVIRONMENTS))
    return {
        "type": "computer_use_preview",
        "display_height": tool["display_height"],
        "display_width": tool["display_width"],
        "environment": tool["environment"],
    }


HOSTED_ENVIRONMENTS = ("container_auto", "container_reference")
ENVIRONMENT_TYPES = ("container_auto", "local", "container_reference")
AUTO_KEYS = ("type", "file_ids", "memory_limit", "network_policy", "skills")


def _container_auto(where: str, environment: Mapping[str, Any]) -> dict[str, Any]:
    """A ``container_auto`` environment as echoed: the code interpreter's ``auto`` container
    fields, and skills (checked for shape)."""
    resp_errors.only_known(where, environment, AUTO_KEYS)
    echoed: dict[str, Any] = {"type": "container_auto"}
    if environment.get("file_ids") is not None:
        given = environment["file_ids"]
        echoed["file_ids"] = container_request.file_ids(f"{where}.file_ids", given)
    limit = environment.get("memory_limit")
    if limit is not None:
        check_value(
            f"{where}.memory_limit", param("string", enum=container_request.MEMORY_LIMITS), limit
        )
        echoed["memory_limit"] = limit
    policy = environment.get("network_policy")
    if policy is not None:
        container_request.network_policy(f"{where}.network_policy", policy, resp_errors.only_known)
        echoed["network_policy"] = dict(policy)
    if environment.get("skills") is not None:
        check_value(f"{where}.skills", param("array"), environment["skills"])
        container_request.skills(environment["skills"], f"{where}.skills")
        echoed["skills"] = list(environment["skills"])
    return echoed


def _environment(where: str, environment: Any) -> dict[str, Any]:
    check_value(where, param("object"), environment)
    kind = environment.get("type")
    required(f"{where}.type", kind, param("string", enum=ENVIRONMENT_TYPES))
    if kind == "container_auto":
        return _container_auto(where, environment)
    if kind == "container_reference":
        resp_errors.only_known(where, environment, ("type", "container_id"))
        container_id = environment.get("container_id")
        required(f"{where}.container_id", container_id, param("string"))
        return {"type": "container_reference", "container_id": container_id}
    return dict(environment)


def _shell(where: str, tool: Mapping[str, Any]) -> dict[str, Any]:
    resp_errors.only_known(where, tool, ("type", "environment", "allowed_callers"))
    check_callers(f"{where}.allowed_callers", tool.get("allowed_callers"))
    environment = tool.get("environment")
    echoed: dict[str, Any] = {"type": "shell", "environment": None}
    if environment is not None:
        echoed["environment"] = _environment(f"{where}.environment", environment)
    if tool.get("allowed_callers") is not None:
        echoed["allowed_callers"] = list(tool["allowed_callers"])
    return echoed


def hosted_container(tool: Mapping[str, Any]) -> str | dict[str, Any] | None:
    """The container a hosted shell runs in (an id, or the ``container_auto`` environment);
    None for any other tool (a local shell's commands the client runs)."""
    environment = tool.get("environment") if tool["type"] == "shell" else None
    if environment is None or environment["type"] not in HOSTED_ENVIRONMENTS:
        return None
    if environment["type"] == "container_reference":
        return str(environment["container_id"])
    return dict(environment)


def check_tool(where: str, tool: Mapping[str, Any]) -> dict[str, Any]:
    """A client-run tool as the response echoes it."""
    kind = tool["type"]
    if kind == "computer_use_preview":
        return _computer_preview(where, tool)
    if kind == "shell":
        return _shell(where, tool)
    if kind == "apply_patch":
        resp_errors.only_known(where, tool, ("type", "allowed_callers"))
        check_callers(f"{where}.allowed_callers", tool.get("allowed_callers"))
        return dict(tool)
    resp_errors.only_known(where, tool, ("type",))
    return {"type": kind}


def call_item(
    tool: Mapping[str, Any], call_id: str, item_id: str, question: str, seed: int
) -> dict[str, Any]:
    """The call item for a planned call of ``tool``: what the question asks it to do."""
    kind = tool["type"]
    item: dict[str, Any] = {"id": item_id, "type": CALL_TYPES[kind], "call_id": call_id}
    if kind in COMPUTER_TYPES:
        width = int(tool.get("display_width") or SCREEN[0])
        height = int(tool.get("display_height") or SCREEN[1])
        action = builtin_calls.computer_action(question, width, height)
        # The GA tool batches its actions; the preview sends one.
        item.update({"actions": [action]} if kind == "computer" else {"action": action})
        item["pending_safety_checks"] = []
    elif kind == "local_shell":
        (command,) = builtin_calls.shell_commands(question)
        item["action"] = {
            "type": "exec",
            "command": builtin_calls.argv(command),
            "env": {},
            "timeout_ms": None,
            "user": None,
            "working_directory": None,
        }
    elif kind == "shell":
        commands = builtin_calls.shell_commands(question)
        item["action"] = {"commands": commands, "max_output_length": None, "timeout_ms": None}
        item["environment"] = tool.get("environment")
    else:
        item["operation"] = builtin_calls.patch_operation(question, seed)
    item["status"] = "completed"
    return item


# --- passed back as input ----------------------------------------------------------------


def _screenshot(where: str, output: Any) -> None:
    required(where, output, param("object"))
    required(f"{where}.type", output.get("type"), param("string", enum=("computer_screenshot",)))
    check_image_reference(where, output)


def check_input_item(where: str, kind: str, item: Mapping[str, Any]) -> None:
    """A client tool's call or output item in ``input``, with the real 400 for a bad field."""
    if kind == "local_shell_call_output":
        # Answered by the call's id (its ``id`` is the call's ``call_id``).
        required(f"{where}.id", item.get("id"), param("string"))
        required(f"{where}.output", item.get("output"), param("string"))
        return
    required(f"{where}.call_id", item.get("call_id"), param("string"))
    if kind == "computer_call":
        required(
            f"{where}.pending_safety_checks", item.get("pending_safety_checks"), param("array")
        )
    elif kind == "computer_call_output":
        _screenshot(f"{where}.output", item.get("output"))
    elif kind in ("local_shell_call", "shell_call"):
        required(f"{where}.action", item.get("action"), param("object"))
    elif kind == "shell_call_output":
        output = item.get("output")
        required(f"{where}.output", output, param("array"))
        for k, part in enumerate(output or []):
            check_value(f"{where}.output[{k}]", param("object"), part)
            for key in ("stdout", "stderr"):
                required(f"{where}.output[{k}].{key}", part.get(key), param("string"))
            required(f"{where}.output[{k}].outcome", part.get("outcome"), param("object"))
    elif kind == "apply_patch_call":
        required(f"{where}.operation", item.get("operation"), param("object"))
    elif kind == "apply_patch_call_output":
        required(f"{where}.status", item.get("status"), param("string", enum=PATCH_STATUSES))


def listed(item: Mapping[str, Any], made_id: Callable[[str], str]) -> dict[str, Any]:
    """A client tool's call or output item as the input items list shows it: with its id
    (``made_id(prefix)`` when the request gave none) and a status."""
    listed = {**item, "status": item.get("status") or "completed"}
    if item["type"] == "local_shell_call_output":
        # Its id is the call's; the OpenAPI schema requires the call_id too (the SDK's type
        # leaves it out).
        listed["call_id"] = item["id"]
    if item["type"] == "shell_call_output":
        listed.setdefault("max_output_length", None)  # required, nullable
    if listed.get("id") is None:
        kind = str(item["type"])
        listed["id"] = made_id(PREFIXES.get(kind) or OUTPUT_PREFIXES[kind])
    return listed


def chat_call(item: Mapping[str, Any]) -> dict[str, Any]:
    """A client tool's call item as the chat-form tool call (named by its tool)."""
    kind = str(item["type"])
    fields = {k: v for k, v in item.items() if k in ("action", "actions", "operation")}
    return {
        "id": item["call_id"],
        "type": "function",
        "function": {
            "name": kind.removesuffix("_call"),
            "arguments": json.dumps(fields, ensure_ascii=False, separators=(",", ":")),
        },
    }


def _output_text(item: Mapping[str, Any]) -> str:
    kind = item["type"]
    if kind == "computer_call_output":
        return "Screenshot of the screen after the action."
    if kind == "shell_call_output":
        return "\n".join(
            str(part.get("stdout", "")) + str(part.get("stderr", "")) for part in item["output"]
        )
    if kind == "apply_patch_call_output":
        return str(item.get("output") or f"Patch {item['status']}.")
    return str(item["output"])


def chat_result(item: Mapping[str, Any]) -> dict[str, Any]:
    """A client tool's output item as the chat-form tool result."""
    call_id = item["id"] if item["type"] == "local_shell_call_output" else item["call_id"]
    return {"role": "tool", "tool_call_id": call_id, "content": _output_text(item)}
