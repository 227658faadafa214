"""Responses tools and ``tool_choice``: the flat shapes the Responses API takes
(``{"type": "function", "name", "parameters", "strict"}``), checked with the real API's 400s,
echoed as the response carries them, and read as the chat form the shared planner calls."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ...http import errors
from ...http.params import check_value, param, required
from ...llm import errors as llm_errors
from ...llm.tools import check_function, check_name, tool_kind
from . import client_tools, code_interpreter, declared, tool_search, web_search
from . import errors as resp_errors

# Built-in tools the server runs before the model answers from their result, and those whose
# calls the client runs (the response ends with the call; its output comes back as input).
HOSTED_TYPES = ("code_interpreter", "image_generation")
BUILT_IN_CALLED = (*HOSTED_TYPES, *client_tools.TYPES)
SERVED_TYPES = (
    "function",
    "custom",
    "namespace",
    "tool_search",
    "file_search",
    *web_search.TYPES,
    *BUILT_IN_CALLED,
)
# Built-in tools the real API takes; this mock refuses them clearly (see errors.tool_not_served).
# Programmatic tool calling runs the model's JavaScript, which calls the other tools: not
# served (its ``program`` items need a runtime the mock does not have).
BUILT_IN_TYPES = ("mcp", "programmatic_tool_calling")
# ``tool_choice`` types forcing a built-in tool, and the tools each forces.
BUILT_IN_CHOICES = {
    "code_interpreter": ("code_interpreter",),
    "image_generation": ("image_generation",),
    "computer": ("computer",),
    "computer_use_preview": ("computer_use_preview",),
    "computer_use": client_tools.COMPUTER_TYPES,
    "shell": ("shell", "local_shell"),
    "apply_patch": ("apply_patch",),
}
CHOICE_TYPES = (
    "function",
    "custom",
    "allowed_tools",
    "file_search",
    *web_search.PREVIEW_TYPES,
    *BUILT_IN_CHOICES,
)
# What the shared planner is told of each built-in tool: a function it may "call" when the
# user's words point at it (the words below, see generate.tool_args.score); the call is then
# answered as that tool's own item, never as a function_call.
PLANNER_DESCRIPTIONS = {
    "code_interpreter": "Write and run Python code to calculate, compute, solve equations, do "
    "math or arithmetic, analyse data and files, and plot charts or graphs.",
    "image_generation": "Generate, draw, create, paint or edit an image, picture, photo, "
    "drawing, illustration, logo, icon or poster.",
    "computer": "Control the computer screen and browser: open websites, click, type, scroll, "
    "press keys and take screenshots.",
    "local_shell": "Run shell commands in a terminal: list files and directories, run scripts, "
    "git, install packages, check the system.",
    "apply_patch": "Create, edit, update, rename or delete files by applying a patch (diff) to "
    "source code.",
}
PLANNER_DESCRIPTIONS["computer_use_preview"] = PLANNER_DESCRIPTIONS["computer"]
PLANNER_DESCRIPTIONS["shell"] = PLANNER_DESCRIPTIONS["local_shell"]
# A forced search: the hosted tool types ``tool_choice`` takes, and the tools each forces.
SEARCH_CHOICES = {
    "file_search": ("file_search",),
    **{kind: web_search.TYPES for kind in web_search.PREVIEW_TYPES},
}
# How a tool that needs the mock's state is checked: file_search the vector stores (see
# file_search.check_tool), image_generation the model catalogue.
CheckStateful = Callable[[str, Mapping[str, Any]], dict[str, Any]]
STATEFUL_TYPES = ("file_search", "image_generation")


def _check_function(where: str, tool: Mapping[str, Any]) -> dict[str, Any]:
    # Strict is the default on Responses: a schema that strict mode takes is used strictly,
    # one it refuses (strict not asked for) non-strictly.
    strict = check_function(where, tool, strict_default=True)
    echoed = {
        "type": "function",
        "name": tool["name"],
        "description": tool.get("description"),
        "parameters": tool.get("parameters"),
        "strict": strict,
    }
    if tool.get("defer_loading") is not None:
        check_value(f"{where}.defer_loading", param("boolean"), tool["defer_loading"])
        echoed["defer_loading"] = tool["defer_loading"]
    return echoed


def _mcp_unreachable(where: str, tool: Mapping[str, Any]) -> errors.APIError:
    """An ``mcp`` tool: the mock is offline, so every server is one it cannot reach; it
    answers as the real API answers a server it cannot list the tools of (after the checks
    of the tool's own fields)."""
    label = tool.get("server_label")
    required(f"{where}.server_label", label, param("string"))
    url, connector = tool.get("server_url"), tool.get("connector_id")
    if url is None and connector is None:
        raise errors.missing_parameter(f"{where}.server_url")
    if url is not None:
        check_value(f"{where}.server_url", param("string"), url)
    if connector is not None:
        check_value(f"{where}.connector_id", param("string"), connector)
    return resp_errors.mcp_server_unreachable(str(label))


def check_tools(
    tools: list[Any], check_stateful: CheckStateful | None = None, at: str = "tools"
) -> list[dict[str, Any]]:
    """The tools as the response echoes them (``file_search`` and ``image_generation``
    refused without a checker); ``at`` names the list in an error's param."""
    echoed = []
    for i, tool in enumerate(tools):
        where = f"{at}[{i}]"
        kind = tool_kind(where, tool)
        if kind == "mcp":
            raise _mcp_unreachable(where, tool)
        if kind in BUILT_IN_TYPES:
            raise resp_errors.tool_not_served(kind, f"{where}.type")
        if kind not in SERVED_TYPES:
            raise errors.invalid_enum(f"{where}.type", kind, (*SERVED_TYPES, *BUILT_IN_TYPES))
        if kind in STATEFUL_TYPES:
            if check_stateful is None:
                raise resp_errors.tool_not_served(kind, f"{where}.type")
            echoed.append(check_stateful(where, tool))
        elif kind == "code_interpreter":
            echoed.append(code_interpreter.check_tool(where, tool))
        elif kind in client_tools.TYPES:
            echoed.append(client_tools.check_tool(where, tool))
        elif kind in web_search.TYPES:
            echoed.append(web_search.check_tool(where, tool))
        elif kind == "function":
            echoed.append(_check_function(where, tool))
        elif kind == "namespace":
            echoed.append(_check_namespace(where, tool))
        elif kind == "tool_search":
            echoed.append(tool_search.check_tool(where, tool))
        else:
            check_name(f"{where}.name", tool.get("name"))
            echoed.append(dict(tool))
        # Then the whole definition against the SDK's type (a container's network policy,
        # a shell's skills, a namespace member's allowed_callers...).
        declared.check_tool(where, tool)
    return echoed


def _check_namespace(where: str, tool: Mapping[str, Any]) -> dict[str, Any]:
    """A ``namespace``: a named group of function (and custom) tools, each checked as a
    top-level one is."""
    check_name(f"{where}.name", tool.get("name"))
    required(f"{where}.description", tool.get("description"), param("string"))
    listed = tool.get("tools")
    required(f"{where}.tools", listed, param("array", min_items=1))
    grouped = []
    for k, member in enumerate(listed or []):
        at = f"{where}.tools[{k}]"
        kind = tool_kind(at, member, ("function", "custom"))
        if kind == "function":
            grouped.append(_check_function(at, member))
        else:
            check_name(f"{at}.name", member.get("name"))
            grouped.append(dict(member))
    return {
        "type": "namespace",
        "name": tool["name"],
        "description": tool["description"],
        "tools": grouped,
    }


def namespaces(tools: list[dict[str, Any]]) -> dict[str, str]:
    """The namespace of each function grouped in one, by the function's name."""
    return {
        member["name"]: tool["name"]
        for tool in tools
        if tool["type"] == "namespace"
        for member in tool["tools"]
    }


def chat_tools(tools: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Function tools in the chat form (only the keys the request gave, so the prompt tokens
    are those of the same chat request), and the built-in tools the planner may call as
    functions named by their type. With a ``tool_search`` tool, deferred functions stay out
    (a search loads them)."""
    out = []
    hidden = tool_search.deferred(tools) if any(t["type"] == "tool_search" for t in tools) else []
    for tool in [m for t in tools for m in (t["tools"] if t["type"] == "namespace" else [t])]:
        if tool in hidden:
            continue
        if tool["type"] in BUILT_IN_CALLED:
            planned = {
                "name": tool["type"],
                "description": PLANNER_DESCRIPTIONS[tool["type"]],
                "parameters": {"type": "object", "properties": {}},
            }
            out.append({"type": "function", "function": planned})
            continue
        if tool["type"] != "function":
            continue
        fn: dict[str, Any] = {"name": tool["name"]}
        for key in ("description", "parameters"):
            if tool.get(key) is not None:
                fn[key] = tool[key]
        fn["strict"] = tool["strict"]
        out.append({"type": "function", "function": fn})
    return out


def _names(tools: list[dict[str, Any]]) -> set[str]:
    return {str(t.get("name")) for t in tools} | set(namespaces(tools))


def check_tool_choice(choice: Any, tools: list[dict[str, Any]]) -> Any:
    """The ``tool_choice`` the response echoes ("auto" when none is given)."""
    if choice is None:
        return "auto"
    if isinstance(choice, str):
        check_value("tool_choice", param("string", enum=("none", "auto", "required")), choice)
        if choice == "required" and not tools:
            raise llm_errors.only_with_tools("tool_choice")
        return choice
    check_value("tool_choice", param("string", "object"), choice)
    kind = choice.get("type")
    if kind is None:
        raise errors.missing_parameter("tool_choice.type")
    check_value("tool_choice.type", param("string"), kind)
    if kind in BUILT_IN_TYPES:
        raise resp_errors.tool_not_served(kind, "tool_choice.type")
    if kind not in CHOICE_TYPES:
        raise errors.invalid_enum("tool_choice.type", kind, (*CHOICE_TYPES, *BUILT_IN_TYPES))
    if kind in SEARCH_CHOICES:
        if not any(t["type"] in SEARCH_CHOICES[kind] for t in tools):
            raise llm_errors.tool_choice_not_found(kind)
        return {"type": kind}
    if kind in BUILT_IN_CHOICES:
        if not any(t["type"] in BUILT_IN_CHOICES[kind] for t in tools):
            raise resp_errors.hosted_choice_not_found(kind)
        return {"type": kind}
    if kind == "allowed_tools":
        required("tool_choice.mode", choice.get("mode"), param("string", enum=("auto", "required")))
        listed = choice.get("tools")
        required("tool_choice.tools", listed, param("array"))
        for k, tool in enumerate(listed):
            check_value(f"tool_choice.tools[{k}]", param("object"), tool)
            name = tool.get("name")
            if name is not None and name not in _names(tools):
                raise llm_errors.tool_choice_not_found(str(name))
        return dict(choice)
    name = choice.get("name")
    required("tool_choice.name", name, param("string"))
    if name not in _names(tools):
        raise llm_errors.tool_choice_not_found(name)
    return dict(choice)


def chat_tool_choice(choice: Any, tools: list[dict[str, Any]]) -> Any:
    """``tool_choice`` in the chat form the planner reads."""
    if isinstance(choice, str):
        return choice
    kind = choice["type"]
    if kind in SEARCH_CHOICES:
        return "none"  # the search is forced; no function is called
    if kind in BUILT_IN_CHOICES:
        # The built-in tool (its planner function) is forced by name.
        (name, *_) = [t["type"] for t in tools if t["type"] in BUILT_IN_CHOICES[kind]]
        return {"type": "function", "function": {"name": name}}
    if kind == "allowed_tools":
        listed = [
            {"type": "function", "function": {"name": t.get("name") or t.get("type")}}
            for t in choice["tools"]
            if t.get("type", "function") in ("function", *BUILT_IN_CALLED)
        ]
        return {
            "type": "allowed_tools",
            "allowed_tools": {"mode": choice["mode"], "tools": listed},
        }
    return {"type": kind, kind: {"name": choice["name"]}}
