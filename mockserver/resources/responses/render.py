"""A planned reply as the ``response`` object the real API returns: its output items
(reasoning, function calls, the assistant message), usage and every echoed parameter."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ...generate import text as textgen
from ...llm.plan import Reply
from ...randomness import derive_int, digest
from . import client_tools
from .request import ResponsesRequest
from .tools import namespaces

# Real item ids are a prefix and 48 hex digits, like the response's own.
ITEM_ID_LENGTH = 48


def item_id(seed: int, prefix: str, response_id: str, index: int) -> str:
    """The id of the ``index``-th item a response made: a pure function of the response."""
    return prefix + digest(seed, "response-item", prefix, response_id, index).hex()[:ITEM_ID_LENGTH]


def _usage(reply: Reply) -> dict[str, Any]:
    usage = reply.usage
    details = usage["completion_tokens_details"]
    return {
        "input_tokens": usage["prompt_tokens"],
        "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
        "output_tokens": usage["completion_tokens"],
        "output_tokens_details": {"reasoning_tokens": details["reasoning_tokens"]},
        "total_tokens": usage["total_tokens"],
    }


def _reasoning_item(req: ResponsesRequest, seed: int, rid: str) -> dict[str, Any]:
    item: dict[str, Any] = {"id": item_id(seed, "rs_", rid, 0), "type": "reasoning"}
    summary = []
    if req.reasoning_summary is not None:
        conversation = req.call.conversation
        text = textgen.reply_text(
            derive_int(seed, "reasoning-summary", rid),
            conversation.last_user_text,
            language=conversation.language,
        )
        summary.append({"type": "summary_text", "text": f"**Thinking it through**\n\n{text}"})
    item["summary"] = summary
    if "reasoning.encrypted_content" in req.include:
        # Opaque, as the real one is to a client: a Fernet-looking token of seeded bytes.
        raw = b"".join(digest(seed, "encrypted-reasoning", rid, k) for k in range(3))
        item["encrypted_content"] = "gAAAAAB" + base64.urlsafe_b64encode(raw).decode()
    return item


@dataclass(frozen=True)
class Output:
    """A planned reply as output items, and whether the token budget cut it short."""

    items: list[dict[str, Any]]
    usage: dict[str, Any]
    incomplete: bool
    content_ids: list[int]  # the message's tokens, which a stream sends one by one
    reason: str = "max_output_tokens"  # why it is incomplete, when it is

    @classmethod
    def of(cls, req: ResponsesRequest, reply: Reply, seed: int, rid: str) -> Output:
        (choice,) = reply.choices
        items: list[dict[str, Any]] = []
        effort = req.call.reasoning_effort
        if effort is not None and effort != "none":
            items.append(_reasoning_item(req, seed, rid))
        incomplete = choice.finish_reason == "length"
        client = {t["type"]: t for t in req.tools if t["type"] in client_tools.TYPES}
        question = req.call.conversation.last_user_text
        grouped = namespaces(req.tools)
        for k, call in enumerate(choice.tool_calls or []):
            tool = client.get(call["function"]["name"])
            if tool is not None:
                prefix = client_tools.PREFIXES[client_tools.CALL_TYPES[tool["type"]]]
                made = item_id(seed, prefix, rid, k + 1)
                call_seed = derive_int(seed, "builtin-call", question, k)
                items.append(client_tools.call_item(tool, call["id"], made, question, call_seed))
                continue
            function_call = {
                "id": item_id(seed, "fc_", rid, k + 1),
                "type": "function_call",
                "status": "completed",
                "arguments": call["function"]["arguments"],
                "call_id": call["id"],
                "name": call["function"]["name"],
            }
            if call["function"]["name"] in grouped:
                function_call["namespace"] = grouped[call["function"]["name"]]
            items.append(function_call)
        if choice.tool_calls is None and not (incomplete and not choice.content):
            part: dict[str, Any] = {
                "type": "output_text",
                "annotations": [],
                "logprobs": [] if choice.logprobs is None else choice.logprobs.entries(),
                "text": choice.content or "",
            }
            items.append(
                {
                    "id": item_id(seed, "msg_", rid, 0),
                    "type": "message",
                    "status": "incomplete" if incomplete else "completed",
                    "content": [part],
                    "role": "assistant",
                }
            )
        return cls(items, _usage(reply), incomplete, choice.content_ids)

    @classmethod
    def nothing(cls, input_tokens: int) -> Output:
        """No output at all (a warm-up, ``generate: false``): the input is read, nothing made."""
        return cls.only([], input_tokens, 0)

    @classmethod
    def only(cls, items: list[dict[str, Any]], input_tokens: int, output_tokens: int) -> Output:
        """Output made without the planner (a call handed to the client before any answer)."""
        usage = {
            "input_tokens": input_tokens,
            "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
            "output_tokens": output_tokens,
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": input_tokens + output_tokens,
        }
        return cls(items, usage, False, [])

    def with_tool_call(self, call: dict[str, Any], citations: list[dict[str, Any]]) -> Output:
        """The output with a call of a tool the server ran (a search, the code interpreter,
        image generation) before the answer, which cites what it found."""
        items = [dict(item) for item in self.items]
        at = 1 if items and items[0]["type"] == "reasoning" else 0
        for item in items:
            if item["type"] == "message":
                item["content"] = [
                    {**part, "annotations": citations} if part["type"] == "output_text" else part
                    for part in item["content"]
                ]
        items.insert(at, call)
        return replace(self, items=items)

    @property
    def status(self) -> str:
        return "incomplete" if self.incomplete else "completed"


def response_api(
    req: ResponsesRequest,
    *,
    rid: str,
    created: int,
    model: str,
    status: str,
    output: Output | None,
    served: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The ``response`` object at ``status``; ``output`` only once it is done (a queued or
    in-progress response has no output and no usage yet). ``served`` are the fields the
    serving options add (``serving``)."""
    done = output is not None and status in ("completed", "incomplete")
    incomplete = status == "incomplete"
    body: dict[str, Any] = {
        "id": rid,
        "object": "response",
        "created_at": created,
        "status": status,
        "background": req.background,
        "completed_at": created if status == "completed" else None,
        "error": None,
        "incomplete_details": (
            {"reason": output.reason if output is not None else "max_output_tokens"}
            if incomplete
            else None
        ),
        "instructions": req.instructions,
        "max_output_tokens": req.max_output_tokens,
        "max_tool_calls": req.max_tool_calls,
        "model": model,
        "output": output.items if done and output is not None else [],
        "parallel_tool_calls": req.parallel_tool_calls,
        "previous_response_id": req.previous_response_id,
        "prompt_cache_key": req.prompt_cache_key,
        "prompt_cache_retention": req.prompt_cache_retention,
        "reasoning": req.reasoning,
        "safety_identifier": req.safety_identifier,
        "service_tier": req.service_tier,
        "store": req.store,
        "temperature": req.temperature,
        "text": req.text,
        "tool_choice": req.tool_choice,
        "tools": req.tools,
        "top_logprobs": req.top_logprobs,
        "top_p": req.top_p,
        "truncation": req.truncation,
        "usage": output.usage if done and output is not None else None,
        "metadata": req.metadata,
        **(served or {}),
    }
    if body["usage"] is None:
        # Not nullable in the OpenAPI schema (nor required): a response without usage yet
        # leaves the key out.
        del body["usage"]
    if req.conversation_id is not None:
        body["conversation"] = {"id": req.conversation_id}
    if req.user is not None:
        # The OpenAPI schema types ``user`` as a string, not nullable: left out when not given.
        body["user"] = req.user
    return body
