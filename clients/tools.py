"""The tool-calling loop: the model asks for a function, we run it, it answers.

The seed stops where the model returns ``tool_calls``; :func:`run_tool_loop` carries on: it
runs each requested local function with the parsed arguments, sends the results back as
``tool`` messages and repeats until the model answers in words (or ``max_rounds`` is spent).
A function that fails, or arguments that do not parse, go back to the model as an error
message rather than stopping the program: that is what lets a model correct itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from openai import OpenAI
from openai.types.chat import (
    ChatCompletion,
    ChatCompletionMessageParam,
    ChatCompletionToolParam,
)

from .chat import DEFAULT_CHAT_MODEL


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    parameters: Mapping[str, Any]  # a JSON schema for the arguments object
    function: Callable[..., Any]

    def spec(self) -> ChatCompletionToolParam:
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": dict(self.parameters),
            },
        }


@dataclass(frozen=True)
class ToolCallRecord:
    name: str
    arguments: Mapping[str, Any]
    result: str


@dataclass
class ToolLoopResult:
    answer: str
    calls: list[ToolCallRecord] = field(default_factory=list)
    messages: list[ChatCompletionMessageParam] = field(default_factory=list)
    completions: list[ChatCompletion] = field(default_factory=list)


class ToolLoopExhausted(RuntimeError):
    """The model was still asking for tools after ``max_rounds`` rounds."""


def run_tool(tool: Tool | None, name: str, arguments: str) -> tuple[Mapping[str, Any], str]:
    """The parsed arguments and the text to send back for one call."""
    if tool is None:
        return {}, json.dumps({"error": f"no function named {name!r}"})
    try:
        parsed = json.loads(arguments or "{}")
    except json.JSONDecodeError as exc:
        return {}, json.dumps({"error": f"arguments are not JSON: {exc}"})
    if not isinstance(parsed, dict):
        return {}, json.dumps({"error": "arguments must be a JSON object"})
    try:
        result = tool.function(**parsed)
    except Exception as exc:  # the model sees what went wrong and may try again
        return parsed, json.dumps({"error": f"{type(exc).__name__}: {exc}"})
    return parsed, result if isinstance(result, str) else json.dumps(result, ensure_ascii=False)


def run_tool_loop(
    client: OpenAI,
    messages: Sequence[ChatCompletionMessageParam],
    tools: Sequence[Tool],
    *,
    model: str = DEFAULT_CHAT_MODEL,
    max_rounds: int = 5,
    **params: Any,
) -> ToolLoopResult:
    """Chat with ``tools`` until the model answers without calling one."""
    by_name = {tool.name: tool for tool in tools}
    result = ToolLoopResult(answer="", messages=list(messages))
    for _ in range(max_rounds):
        completion = client.chat.completions.create(
            model=model,
            messages=result.messages,
            tools=[tool.spec() for tool in tools],
            tool_choice="auto",
            **params,
        )
        result.completions.append(completion)
        message = completion.choices[0].message
        calls = [call for call in message.tool_calls or [] if call.type == "function"]
        if not calls:
            result.answer = message.content or ""
            result.messages.append({"role": "assistant", "content": result.answer})
            return result
        result.messages.append(
            {
                "role": "assistant",
                "content": message.content,
                "tool_calls": [
                    {
                        "id": call.id,
                        "type": "function",
                        "function": {
                            "name": call.function.name,
                            "arguments": call.function.arguments,
                        },
                    }
                    for call in calls
                ],
            }
        )
        for call in calls:
            name = call.function.name
            arguments, output = run_tool(by_name.get(name), name, call.function.arguments)
            result.calls.append(ToolCallRecord(name, arguments, output))
            result.messages.append({"role": "tool", "tool_call_id": call.id, "content": output})
    raise ToolLoopExhausted(f"the model still wanted tools after {max_rounds} rounds")
