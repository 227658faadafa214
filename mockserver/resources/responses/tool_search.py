"""The ``tool_search`` tool: functions marked ``defer_loading`` stay out of the model's sight
(and its input tokens) until a search loads them. Run by the server when the user's words
point at a deferred function: a ``tool_search_call`` and its ``tool_search_output`` (the
functions loaded), after which the planner sees those functions and may call one.

A client-run search (``execution: "client"``) hands the search to the caller: the response
ends with a ``tool_search_call`` (``execution: "client"``, a ``call_id``) when the words point
at a deferred function or at the tool's own description; the caller answers with a
``tool_search_output`` whose ``tools`` the model may call from then on (for as long as the
output is in the context)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ...generate import tool_args
from ...http.params import check_value, param
from . import errors as resp_errors

KEYS = ("type", "description", "execution", "parameters")
EXECUTIONS = ("server", "client")


def check_tool(where: str, tool: Mapping[str, Any]) -> dict[str, Any]:
    """A ``tool_search`` tool as the response echoes it."""
    resp_errors.only_known(where, tool, KEYS)
    execution = tool.get("execution")
    if execution is not None:
        check_value(f"{where}.execution", param("string", enum=EXECUTIONS), execution)
    if tool.get("description") is not None:
        check_value(f"{where}.description", param("string"), tool["description"])
    if tool.get("parameters") is not None:
        check_value(f"{where}.parameters", param("object"), tool["parameters"])
    return {"type": "tool_search", **{k: tool[k] for k in KEYS[1:] if tool.get(k) is not None}}


def deferred(tools: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The function tools (top-level or in a namespace) loaded only by a search."""
    members = [m for t in tools for m in (t["tools"] if t["type"] == "namespace" else [t])]
    return [m for m in members if m["type"] == "function" and m.get("defer_loading")]


@dataclass(frozen=True)
class Loaded:
    """One search: its two items and the functions it loaded."""

    items: list[dict[str, Any]]
    tools: list[dict[str, Any]]


def run(tools: list[dict[str, Any]], question: str, ids: tuple[str, str]) -> Loaded | None:
    """Search the deferred functions for ``question`` (None when nothing is to be searched:
    no tool_search tool, no deferred function the words point at)."""
    if not any(t["type"] == "tool_search" and not _by_client(t) for t in tools):
        return None
    found = [t for t in deferred(tools) if tool_args.score(t, question) > 0]
    if not found:
        return None
    search, output = ids
    shared = {"call_id": None, "execution": "server", "status": "completed"}
    call = {"id": search, "type": "tool_search_call", "arguments": {"query": question}, **shared}
    loaded = {"id": output, "type": "tool_search_output", "tools": found, **shared}
    return Loaded([call, loaded], found)


def _by_client(tool: Mapping[str, Any]) -> bool:
    return tool.get("execution") == "client"


def client_call(
    tools: list[dict[str, Any]], question: str, new_call_id: Callable[[], str], item_id: str
) -> dict[str, Any] | None:
    """The ``tool_search_call`` handed to the caller (None when no client-run search is
    offered or nothing the words point at is to be searched for)."""
    search = next((t for t in tools if t["type"] == "tool_search" and _by_client(t)), None)
    if search is None:
        return None
    described = {"name": "tool_search", "description": search.get("description") or ""}
    pointed = tool_args.score(described, question) > 0
    if not pointed and not any(tool_args.score(t, question) > 0 for t in deferred(tools)):
        return None
    return {
        "id": item_id,
        "type": "tool_search_call",
        "arguments": {"query": question},
        "call_id": new_call_id(),
        "execution": "client",
        "status": "completed",
    }


def client_loaded(items: list[dict[str, Any]]) -> list[Any]:
    """The tools the caller's searches loaded (its ``tool_search_output`` items)."""
    return [
        tool
        for item in items
        if item.get("type") == "tool_search_output" and _by_client(item)
        for tool in item.get("tools") or []
    ]
