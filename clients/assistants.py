"""The Assistants API (beta, ``OpenAI-Beta: assistants=v2``), twice: one raw HTTP request as the
seed makes it, then the SDK's assistant + thread + message + run, with the seed's weather
function answered locally when the run stops at ``requires_action``.

OpenAI deprecated Assistants in favour of the Responses API (``responses.py``) and retired it
on 2026-08-26; the real API now answers these routes with 404. The code stays as the seed's
lesson, and for servers that still speak it (the mock does, unless ``--retired-apis``).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx2
from openai import OpenAI
from openai.types.beta import Assistant, AssistantToolParam
from openai.types.beta.threads import Run
from openai.types.beta.threads.run_submit_tool_outputs_params import ToolOutput

from .config import ApiKey
from .tools import Tool, ToolCallRecord, ToolLoopExhausted, run_tool

BETA_HEADER = {"OpenAI-Beta": "assistants=v2"}
DEFAULT_ASSISTANT_MODEL = "gpt-4o-mini"
# The seed's request body, word for word (its gpt-3.5-turbo included).
SEED_ASSISTANT = {
    "name": "Your Assistant Name",
    "description": "A brief description of what this assistant is for",
    "model": "gpt-3.5-turbo",
}
# The SDK's own poll interval when the server sends no ``openai-poll-after-ms``.
DEFAULT_POLL_MS = 1000


def create_assistant_over_http(
    base_url: str,
    key: ApiKey,
    body: Mapping[str, Any] = SEED_ASSISTANT,
    *,
    http: httpx2.Client | None = None,
    timeout: float = 60.0,
) -> httpx2.Response:
    """POST ``{base_url}/assistants`` by hand, as the seed does with ``requests`` (not a
    dependency here: httpx2, the SDK's own HTTP library, makes the same request). The caller
    reads ``.status_code`` and ``.json()``; nothing raises on a 4xx. A given ``http`` client
    keeps its own timeout."""
    headers = {
        "Authorization": f"Bearer {key.reveal()}",
        "Content-Type": "application/json",
        **BETA_HEADER,
    }
    url = f"{base_url.rstrip('/')}/assistants"
    if http is not None:
        return http.post(url, headers=headers, json=dict(body))
    with httpx2.Client(timeout=timeout) as own:
        return own.post(url, headers=headers, json=dict(body))


def delete_assistant_over_http(
    base_url: str, key: ApiKey, assistant_id: str, *, http: httpx2.Client | None = None
) -> httpx2.Response:
    headers = {"Authorization": f"Bearer {key.reveal()}", **BETA_HEADER}
    url = f"{base_url.rstrip('/')}/assistants/{assistant_id}"
    if http is not None:
        return http.delete(url, headers=headers)
    with httpx2.Client() as own:
        return own.delete(url, headers=headers)


@contextmanager
def _beta() -> Iterator[None]:
    """Silence the SDK's DeprecationWarning for Assistants calls, and only those two messages
    (the SDK's exact wording) within this block: the lesson knows the API is retired and says
    so; any other warning still shows (and fails the tests, which treat warnings as errors)."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore",
            message=r"(The Assistants API is deprecated in favor of the Responses API|deprecated)$",
            category=DeprecationWarning,
        )
        yield


def assistant_tool(tool: Tool) -> AssistantToolParam:
    return {
        "type": "function",
        "function": {
            "name": tool.name,
            "description": tool.description,
            "parameters": dict(tool.parameters),
        },
    }


@dataclass
class AssistantAnswer:
    answer: str
    assistant: Assistant
    thread_id: str
    runs: list[Run] = field(default_factory=list)  # each run state the polls ended on
    calls: list[ToolCallRecord] = field(default_factory=list)


def ask_assistant(
    client: OpenAI,
    question: str,
    tools: Sequence[Tool] = (),
    *,
    model: str = DEFAULT_ASSISTANT_MODEL,
    instructions: str = "You are a helpful assistant.",
    poll_interval_ms: int = DEFAULT_POLL_MS,
    max_rounds: int = 5,
) -> AssistantAnswer:
    """Create an assistant with ``tools``, a thread holding ``question``, and run it: each
    time the run stops at ``requires_action``, run the local functions and submit their
    outputs, until it completes; the answer is the thread's newest message."""
    by_name = {tool.name: tool for tool in tools}
    with _beta():
        assistant = client.beta.assistants.create(
            model=model,
            instructions=instructions,
            tools=[assistant_tool(tool) for tool in tools],
        )
        thread = client.beta.threads.create()
        client.beta.threads.messages.create(thread.id, role="user", content=question)
        run = client.beta.threads.runs.create_and_poll(
            thread_id=thread.id, assistant_id=assistant.id, poll_interval_ms=poll_interval_ms
        )
        result = AssistantAnswer("", assistant, thread.id, [run])
        while run.status == "requires_action" and run.required_action is not None:
            if len(result.runs) > max_rounds:
                raise ToolLoopExhausted(f"run still requires action after {max_rounds} rounds")
            outputs: list[ToolOutput] = []
            for call in run.required_action.submit_tool_outputs.tool_calls:
                name = call.function.name
                arguments, text = run_tool(by_name.get(name), name, call.function.arguments)
                result.calls.append(ToolCallRecord(name, arguments, text))
                outputs.append({"tool_call_id": call.id, "output": text})
            run = client.beta.threads.runs.submit_tool_outputs_and_poll(
                run_id=run.id,
                thread_id=thread.id,
                tool_outputs=outputs,
                poll_interval_ms=poll_interval_ms,
            )
            result.runs.append(run)
        if run.status != "completed":
            raise RuntimeError(f"run {run.id} ended {run.status}: {run.last_error}")
        newest = client.beta.threads.messages.list(thread.id, order="desc", limit=1).data
    result.answer = "".join(
        part.text.value for message in newest for part in message.content if part.type == "text"
    )
    return result


def forget_assistant(client: OpenAI, answer: AssistantAnswer) -> None:
    """Delete the thread and the assistant (both stay on the server until deleted)."""
    with _beta():
        client.beta.threads.delete(answer.thread_id)
        client.beta.assistants.delete(answer.assistant.id)
