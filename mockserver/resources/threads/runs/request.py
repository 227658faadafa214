"""Checking a run's body (create, create thread-and-run) the way the real API does, and what
the run takes from its assistant when the body leaves it out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ....catalogue import Catalogue, Model
from ....http import errors
from ....http.metadata import check_metadata
from ....http.params import Param, check, check_value, param, required
from ....llm import errors as llm_errors
from ...assistants.request import (
    FIELDS,
    REASONING_EFFORTS,
    assistant_model,
    check_format,
    check_tools,
)
from ..request import NewMessage, NewThread, check_messages, check_thread

TOOL_CHOICES = ("none", "auto", "required")
TOOL_CHOICE_TYPES = ("function", "code_interpreter", "file_search")
TRUNCATIONS = ("auto", "last_messages")
MIN_TOKENS = 256  # max_prompt_tokens and max_completion_tokens: at least 256

COMMON: dict[str, Param] = {
    "assistant_id": param("string", required=True),
    "model": param("string"),
    "instructions": param("string"),
    "tools": param("array", max_items=128),
    "metadata": param("object"),
    "temperature": FIELDS["temperature"],
    "top_p": FIELDS["top_p"],
    "stream": param("boolean"),
    "max_prompt_tokens": param("integer", minimum=MIN_TOKENS),
    "max_completion_tokens": param("integer", minimum=MIN_TOKENS),
    "truncation_strategy": param("object"),
    "tool_choice": param("string", "object"),
    "parallel_tool_calls": param("boolean"),
    "response_format": param("string", "object"),
    "reasoning_effort": param("string", enum=REASONING_EFFORTS),
}
CREATE = {
    **COMMON,
    "additional_instructions": param("string"),
    "additional_messages": param("array"),
}
CREATE_AND_RUN = {**COMMON, "thread": param("object"), "tool_resources": param("object")}
SUBMIT = {"tool_outputs": param("array", required=True), "stream": param("boolean")}


@dataclass(frozen=True)
class RunRequest:
    """A checked run: every field the run object shows, and what else it is run with."""

    assistant_id: str
    model: Model
    fields: dict[str, Any]  # the run object's settings, in its order
    reasoning_effort: str | None = None
    additional: list[NewMessage] = field(default_factory=list)
    thread: NewThread | None = None
    stream: bool = False


def check_tool_choice(choice: Any, tools: list[dict[str, Any]]) -> Any:
    if choice is None:
        return "auto"
    if isinstance(choice, str):
        check_value("tool_choice", param("string", enum=TOOL_CHOICES), choice)
        return choice
    required("tool_choice.type", choice.get("type"), param("string", enum=TOOL_CHOICE_TYPES))
    if choice["type"] != "function":
        return {"type": choice["type"]}
    fn = choice.get("function")
    required("tool_choice.function", fn, param("object"))
    required("tool_choice.function.name", fn.get("name"), param("string"))
    names = {t["function"]["name"] for t in tools if t["type"] == "function"}
    if fn["name"] not in names:
        raise llm_errors.tool_choice_not_found(fn["name"])
    return {"type": "function", "function": {"name": fn["name"]}}


def check_truncation(value: Any) -> dict[str, Any]:
    if value is None:
        return {"type": "auto", "last_messages": None}
    required("truncation_strategy.type", value.get("type"), param("string", enum=TRUNCATIONS))
    last = value.get("last_messages")
    if last is not None:
        check_value("truncation_strategy.last_messages", param("integer", minimum=1), last)
    if value["type"] == "last_messages" and last is None:
        raise errors.missing_parameter("truncation_strategy.last_messages")
    return {"type": value["type"], "last_messages": last}


def _instructions(body: Mapping[str, Any], assistant: Mapping[str, Any]) -> str:
    base = body.get("instructions")
    if base is None:
        base = assistant.get("instructions") or ""
    extra = body.get("additional_instructions")
    return base if not extra else f"{base}\n{extra}" if base else extra


def parse(
    body: Mapping[str, Any],
    catalogue: Catalogue,
    assistant: Mapping[str, Any],
    hidden: Mapping[str, Any],
    *,
    with_thread: bool,
) -> RunRequest:
    """``assistant`` is the run's (found by the caller); ``hidden`` its unshown settings."""
    model_name = body.get("model") or assistant["model"]
    model = assistant_model(catalogue, model_name)
    tools = check_tools(body["tools"]) if body.get("tools") is not None else assistant["tools"]
    rf = body.get("response_format")
    fields = {
        "model": model_name,
        "instructions": _instructions(body, assistant),
        "tools": tools,
        "metadata": check_metadata(body.get("metadata") or {}),
        "temperature": float(body.get("temperature", assistant["temperature"]) or 0.0),
        "top_p": float(body.get("top_p", assistant["top_p"]) or 0.0),
        "max_prompt_tokens": body.get("max_prompt_tokens"),
        "max_completion_tokens": body.get("max_completion_tokens"),
        "truncation_strategy": check_truncation(body.get("truncation_strategy")),
        "response_format": assistant["response_format"] if rf is None else check_format(rf, model),
        "tool_choice": check_tool_choice(body.get("tool_choice"), tools),
        "parallel_tool_calls": body.get("parallel_tool_calls") is not False,
    }
    if body.get("temperature") is None:
        fields["temperature"] = assistant["temperature"]
    if body.get("top_p") is None:
        fields["top_p"] = assistant["top_p"]
    thread = None
    if with_thread:
        given = body.get("thread") or {}
        thread = check_thread(given, "thread")
        if body.get("tool_resources") is not None and not given.get("tool_resources"):
            thread = NewThread(thread.messages, dict(body["tool_resources"]), thread.metadata)
    effort = body.get("reasoning_effort") or hidden.get("reasoning_effort")
    return RunRequest(
        assistant_id=str(assistant["id"]),
        model=model,
        fields=fields,
        reasoning_effort=effort if model.is_reasoning else None,
        additional=check_messages(body.get("additional_messages"), "additional_messages"),
        thread=thread,
        stream=bool(body.get("stream")),
    )


def check_body(body: Mapping[str, Any], *, with_thread: bool) -> None:
    check(body, CREATE_AND_RUN if with_thread else CREATE)


def check_outputs(body: Mapping[str, Any]) -> list[dict[str, str]]:
    check(body, SUBMIT)
    outputs = []
    for i, item in enumerate(body["tool_outputs"]):
        where = f"tool_outputs[{i}]"
        check_value(where, param("object"), item)
        for key in item:
            if key not in ("tool_call_id", "output"):
                raise errors.unrecognized_argument(f"{where}.{key}")
        required(f"{where}.tool_call_id", item.get("tool_call_id"), param("string"))
        output = item.get("output")
        if output is not None:
            check_value(f"{where}.output", param("string"), output)
        outputs.append({"tool_call_id": item["tool_call_id"], "output": output or ""})
    return outputs
