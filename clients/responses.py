"""Chat and the tool loop on the Responses API, where new code goes: each turn sends only what
is new (the user's words, the function outputs) and chains to the last response with
``previous_response_id``, or keeps every turn in a Conversation; the server holds the history,
not the client (contrast ``conversation.Conversation`` and ``tools.run_tool_loop``, which
resend every message)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

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


def ask_response(
    client: OpenAI,
    prompt: str,
    *,
    instructions: str | None = None,
    model: str = DEFAULT_RESPONSES_MODEL,
) -> Response:
    """One question, one response; its text is ``response.output_text``."""
    if instructions is None:
        return client.responses.create(model=model, input=prompt)
    return client.responses.create(model=model, input=prompt, instructions=instructions)


class ResponsesChat:
    """A chat whose history the server keeps: each ``say`` sends one user message, chained to
    the last response by its id, or added to ``conversation`` (an id) when one is given.

    ``instructions`` go with every turn: the API does not carry them over from the previous
    response. ``truncation="auto"`` asks the server to drop the oldest items rather than fail
    when the history outgrows the model's context window (the Responses counterpart of
    ``Conversation``'s token budget)."""

    def __init__(
        self,
        client: OpenAI,
        *,
        model: str = DEFAULT_RESPONSES_MODEL,
        instructions: str | None = None,
        conversation: str | None = None,
        truncation: Literal["auto", "disabled"] = "disabled",
        max_output_tokens: int | None = None,
    ) -> None:
        self.client = client
        self.model = model
        self.instructions = instructions
        self.conversation = conversation
        self.truncation = truncation
        self.max_output_tokens = max_output_tokens
        self.responses: list[Response] = []

    def say(self, text: str) -> str:
        params: dict[str, Any] = {"truncation": self.truncation}
        if self.conversation is not None:
            params["conversation"] = self.conversation
        elif self.responses:
            params["previous_response_id"] = self.responses[-1].id
        if self.instructions is not None:
            params["instructions"] = self.instructions
        if self.max_output_tokens is not None:
            params["max_output_tokens"] = self.max_output_tokens
        response: Response = self.client.responses.create(model=self.model, input=text, **params)
        self.responses.append(response)
        return response.output_text


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
