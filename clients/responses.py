"""The tool loop on the Responses API: each turn sends only what is new (the function outputs)
and chains to the last response with ``previous_response_id``, or keeps every turn in a
Conversation; the server holds the history, not the client (contrast ``tools.run_tool_loop``,
which resends every message)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from openai import OpenAI
from openai.types.responses import FunctionToolParam, Response

from .tools import Tool, ToolCallRecord, ToolLoopExhausted, run_tool

DEFAULT_RESPONSES_MODEL = "gpt-4o-mini"


def function_tool(tool: Tool) -> FunctionToolParam:
    """A local tool in the Responses API's flat shape (not strict: the seed's schema leaves
    ``unit`` optional)."""
    return {
        "type": "function",
        "name": tool.name,
        "description": tool.description,
        "parameters": dict(tool.parameters),
        "strict": False,
    }


@dataclass
class ResponsesLoopResult:
    answer: str
    calls: list[ToolCallRecord] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)


def run_responses_tool_loop(
    client: OpenAI,
    question: str,
    tools: Sequence[Tool],
    *,
    model: str = DEFAULT_RESPONSES_MODEL,
    conversation: str | None = None,
    max_rounds: int = 5,
) -> ResponsesLoopResult:
    """Ask ``question``, run the functions the model calls, send their outputs back, until
    it answers in words. With ``conversation`` (an id) every turn joins that conversation;
    without, each turn continues the last response by its id."""
    by_name = {tool.name: tool for tool in tools}
    specs = [function_tool(tool) for tool in tools]
    result = ResponsesLoopResult(answer="")
    pending: Any = question
    previous: str | None = None
    for _ in range(max_rounds):
        chain: dict[str, Any] = (
            {"conversation": conversation} if conversation else {"previous_response_id": previous}
        )
        response = client.responses.create(model=model, input=pending, tools=specs, **chain)
        result.responses.append(response)
        calls = [item for item in response.output if item.type == "function_call"]
        if not calls:
            result.answer = response.output_text
            return result
        outputs = []
        for call in calls:
            arguments, text = run_tool(by_name.get(call.name), call.name, call.arguments)
            result.calls.append(ToolCallRecord(call.name, arguments, text))
            outputs.append(
                {"type": "function_call_output", "call_id": call.call_id, "output": text}
            )
        pending, previous = outputs, response.id
    raise ToolLoopExhausted(f"still calling tools after {max_rounds} rounds")
