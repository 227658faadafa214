"""Tools and ``tool_choice``: the real API's checks of their definitions, and which tools a
reply may call (and how) once they are accepted."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import orjson

from ..generate.json_schema import written_key
from ..http import errors
from ..http.params import check_value, param, required
from . import errors as llm_errors
from .strict_schema import strict_schema_error

TOOL_TYPES = ("function", "custom")
NAME_RE = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


def check_name(where: str, name: Any) -> None:
    """A function, tool or schema name: present, a string, and of the API's pattern."""
    if name is None:
        raise errors.missing_parameter(where)
    check_value(where, param("string"), name)
    if not NAME_RE.match(name):
        raise errors.invalid_value(
            where,
            f"Invalid '{where}': string does not match pattern. Expected a string that matches "
            "the pattern '^[a-zA-Z0-9_-]+$'.",
        )


def check_function(where: str, fn: Mapping[str, Any], *, strict_default: bool = False) -> bool:
    """A function definition at ``where`` (chat's ``tools[0].function``, a Responses tool
    ``tools[0]``): name, description, parameters and ``strict``, with the real 400 for a strict
    one whose schema strict mode refuses. Returns whether it is strict: as given, else
    ``strict_default`` where strict mode takes the schema (Responses' default)."""
    check_name(f"{where}.name", fn.get("name"))
    if fn.get("description") is not None:
        check_value(f"{where}.description", param("string"), fn["description"])
    schema = fn.get("parameters")
    if schema is not None:
        check_value(f"{where}.parameters", param("object"), schema)
    strict = fn.get("strict")
    if strict is not None:
        check_value(f"{where}.strict", param("boolean"), strict)
    if strict is False or (strict is None and not strict_default):
        return False  # the schema is not looked at: chat's hot path skips the walk
    problem = strict_schema_error(
        schema if schema is not None else {"type": "object", "properties": {}},
        fn["name"],
        kind="function",
    )
    if strict is True and problem:
        raise llm_errors.invalid_schema(
            problem, f"{where}.parameters", "invalid_function_parameters"
        )
    return problem is None


def tool_kind(where: str, tool: Any, kinds: tuple[str, ...] | None = None) -> str:
    """The ``type`` of the tool at ``where`` (chat's, Responses' and Assistants' tool lists
    all start so): an object with a string ``type``, one of ``kinds`` when given."""
    check_value(where, param("object"), tool)
    kind = tool.get("type")
    if kind is None:
        raise errors.missing_parameter(f"{where}.type")
    check_value(f"{where}.type", param("string", enum=kinds), kind)
    return str(kind)


REMEMBERED_LISTS = 256  # distinct accepted tool lists kept (a client re-sends its own each turn)
REMEMBERED_BYTES = 1 << 16  # a longer list is checked each time rather than kept


def check_tools(tools: list[Any]) -> list[dict[str, Any]]:
    """The accepted chat ``tools`` (a new list of the same definitions), or the first one's 400.

    A client re-sends the same tool list with every turn of a conversation, so an accepted
    list is remembered by its JSON as orjson writes it: the same bytes are the same values of
    the same types with their keys in the same order (a body's values are what orjson read,
    which it writes back exactly), so the same checks would pass again. Nothing is kept for a
    list that fails: it is checked, and raises, each time."""
    if not tools:  # most requests: nothing to check or keep
        return []
    written = written_key(tools, REMEMBERED_BYTES)
    if written is not None:
        _check_written(written)
    else:
        _check_tools(tools)
    return list(tools)


@lru_cache(maxsize=REMEMBERED_LISTS)
def _check_written(written: bytes) -> None:
    """Checks the list read back from its JSON (equal to it, so the same error if any); a
    raise stores nothing, so only accepted lists are remembered."""
    _check_tools(orjson.loads(written))


def _check_tools(tools: list[Any]) -> None:
    for i, tool in enumerate(tools):
        where = f"tools[{i}]"
        kind = tool_kind(where, tool, TOOL_TYPES)
        if kind == "custom":
            custom = tool.get("custom")
            if custom is None:
                raise errors.missing_parameter(f"{where}.custom")
            check_value(f"{where}.custom", param("object"), custom)
            check_name(f"{where}.custom.name", custom.get("name"))
            continue
        check_function_tool(where, tool)


def check_function_tool(where: str, tool: Mapping[str, Any]) -> None:
    """A chat-shaped ``function`` tool's definition (shared by chat and the Assistants API):
    ``{"type": "function", "function": {...}}``."""
    fn = tool.get("function")
    if fn is None:
        raise errors.missing_parameter(f"{where}.function")
    check_value(f"{where}.function", param("object"), fn)
    check_function(f"{where}.function", fn)


def _tool_names(tools: list[dict[str, Any]]) -> set[str]:
    names = set()
    for tool in tools:
        inner = tool.get("function") or tool.get("custom") or {}
        names.add(str(inner.get("name")))
    return names


def check_tool_choice(choice: Any, tools: list[dict[str, Any]]) -> Any:
    """The accepted ``tool_choice``, defaulted as the API does ("auto" with tools, else "none")."""
    if choice is None:
        return "auto" if tools else "none"
    if not tools and choice != "none":
        raise llm_errors.only_with_tools("tool_choice")
    if isinstance(choice, str):
        check_value("tool_choice", param("string", enum=("none", "auto", "required")), choice)
        return choice
    kind = choice.get("type")
    if kind is None:
        raise errors.missing_parameter("tool_choice.type")
    check_value(
        "tool_choice.type", param("string", enum=("function", "custom", "allowed_tools")), kind
    )
    if kind == "allowed_tools":
        allowed = choice.get("allowed_tools")
        if allowed is None:
            raise errors.missing_parameter("tool_choice.allowed_tools")
        check_value("tool_choice.allowed_tools", param("object"), allowed)
        mode = param("string", enum=("auto", "required"))
        required("tool_choice.allowed_tools.mode", allowed.get("mode"), mode)
        return choice
    inner = choice.get(kind)
    if inner is None:
        raise errors.missing_parameter(f"tool_choice.{kind}")
    check_value(f"tool_choice.{kind}", param("object"), inner)
    name = inner.get("name")
    if name is None:
        raise errors.missing_parameter(f"tool_choice.{kind}.name")
    check_value(f"tool_choice.{kind}.name", param("string"), name)
    if name not in _tool_names(tools):
        raise llm_errors.tool_choice_not_found(name)
    return choice


def function_tools(tools: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [t for t in tools if t.get("type") == "function"]


def selected_tools(tools: list[dict[str, Any]], choice: Any) -> tuple[list[dict[str, Any]], str]:
    """The function tools a reply may call and how: ("none" | "auto" | "required")."""
    tools = function_tools(tools)
    if isinstance(choice, str):
        return tools, choice
    if isinstance(choice, Mapping):
        if choice.get("type") == "allowed_tools":
            allowed = choice["allowed_tools"]
            names = {
                str((t.get("function") or {}).get("name"))
                for t in allowed.get("tools") or []
                if isinstance(t, Mapping)
            }
            return [t for t in tools if t["function"]["name"] in names], allowed["mode"]
        name = (choice.get("function") or {}).get("name")
        return [t for t in tools if t["function"]["name"] == name], "required"
    return tools, "none"


def is_forced(choice: Any) -> bool:
    """A call the model must make: "required", or a tool named in ``tool_choice``."""
    return isinstance(choice, Mapping) or choice == "required"


def is_forced_by_name(choice: Any) -> bool:
    return isinstance(choice, Mapping) and choice.get("type") == "function"
