"""What the model "says": a ``Completion`` plan (choices, tool calls, usage) built once per
request, rendered either as one ``chat.completion`` body or (``chunks.py``) as a stream, so
both forms carry the same text for the same request and seed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .. import tokens
from ..generate import text as textgen
from ..generate import tool_args
from ..generate.json_schema import instance
from ..randomness import derive_int, digest
from ..rules import Rule
from .logprobs import token_logprobs
from .params import ChatRequest

# Completion tokens a tool call costs beyond its name and arguments (the call's framing);
# chosen so the seed's Boston call costs the 18 tokens the real API reported.
TOOL_CALL_OVERHEAD = 8
# Hidden reasoning tokens o-series models spend, per reasoning_effort.
REASONING_TOKENS = {"none": 0, "minimal": 0, "low": 64, "medium": 192, "high": 448, "xhigh": 768}
# An alias answers with the dated snapshot it points at, as the real API does.
SNAPSHOTS = {
    "gpt-4o": "gpt-4o-2024-08-06",
    "gpt-4o-mini": "gpt-4o-mini-2024-07-18",
    "gpt-4.1": "gpt-4.1-2025-04-14",
    "gpt-4.1-mini": "gpt-4.1-mini-2025-04-14",
    "gpt-4.1-nano": "gpt-4.1-nano-2025-04-14",
    "gpt-4-turbo": "gpt-4-turbo-2024-04-09",
    "gpt-4": "gpt-4-0613",
    "gpt-3.5-turbo": "gpt-3.5-turbo-0125",
    "o1": "o1-2024-12-17",
    "o1-mini": "o1-mini-2024-09-12",
    "o3-mini": "o3-mini-2025-01-31",
    "o3": "o3-2025-04-16",
    "o4-mini": "o4-mini-2025-04-16",
}


@dataclass
class Choice:
    index: int
    content: str | None
    content_ids: list[int] = field(default_factory=list)
    tool_calls: list[dict[str, Any]] | None = None
    finish_reason: str = "stop"
    completion_tokens: int = 0
    logprobs: list[dict[str, Any]] | None = None


@dataclass
class Completion:
    id: str
    created: int
    model: str
    system_fingerprint: str | None
    service_tier: str
    choices: list[Choice]
    usage: dict[str, Any]
    metadata: dict[str, str] | None = None

    def to_api(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": self.id,
            "object": "chat.completion",
            "created": self.created,
            "model": self.model,
            "choices": [_choice_api(c) for c in self.choices],
            "usage": self.usage,
            "service_tier": self.service_tier,
            "system_fingerprint": self.system_fingerprint,
        }
        return body


def _choice_api(choice: Choice) -> dict[str, Any]:
    message: dict[str, Any] = {
        "role": "assistant",
        "content": choice.content,
        "refusal": None,
        "annotations": [],
    }
    if choice.tool_calls:
        message["tool_calls"] = choice.tool_calls
    logprobs = None
    if choice.logprobs is not None:
        content = choice.logprobs if choice.content is not None else None
        logprobs = {"content": content, "refusal": None}
    return {
        "index": choice.index,
        "message": message,
        "logprobs": logprobs,
        "finish_reason": choice.finish_reason,
    }


# --- what the request asks about ------------------------------------------------------------


def message_text(message: Mapping[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(
            str(p.get("text") or p.get("refusal") or "") for p in content if isinstance(p, dict)
        ).strip()
    return ""


def last_user_text(messages: list[dict[str, Any]]) -> str:
    for message in reversed(messages):
        if message.get("role") == "user":
            return message_text(message)
    return message_text(messages[-1]) if messages else ""


def reply_language(messages: list[dict[str, Any]]) -> str:
    """The language of the last user message; if it has no letters, the instructions'."""
    user = last_user_text(messages)
    if any(ch.isalpha() for ch in user):
        return textgen.detect_language(user)
    instructions = " ".join(
        message_text(m) for m in messages if m.get("role") in ("system", "developer")
    )
    return textgen.detect_language(instructions or user)


def trailing_tool_results(messages: list[dict[str, Any]]) -> list[str]:
    results: list[str] = []
    for message in reversed(messages):
        if message.get("role") not in ("tool", "function"):
            break
        results.insert(0, message_text(message))
    return results


def request_seed(req: ChatRequest) -> int:
    """The seed of everything generated for this request: (model, messages, seed)."""
    canonical = json.dumps(req.messages, sort_keys=True, separators=(",", ":"), default=str)
    return derive_int(req.seed, "chat", str(req.body.get("model")), canonical)


def fingerprint(seed: int, model_id: str) -> str:
    return "fp_" + digest(seed, "system_fingerprint", model_id).hex()[:10]


def response_model(req: ChatRequest) -> str:
    name = str(req.body.get("model"))
    return SNAPSHOTS.get(name, name)


# --- the choices ------------------------------------------------------------------------------


def _selected_tools(req: ChatRequest) -> tuple[list[dict[str, Any]], str]:
    """The tools the model may call and how: ("none" | "auto" | "required")."""
    tools = req.function_tools
    choice = req.tool_choice
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


def _tool_calls(req: ChatRequest, seed: int, index: int, new_id: Any) -> list[dict[str, Any]]:
    answered = trailing_tool_results(req.messages) or req.messages[-1].get("role") == "assistant"
    forced = isinstance(req.tool_choice, Mapping) or req.tool_choice == "required"
    if answered and not forced:
        # A turn that already holds tool results (or ends with the model) gets text back.
        return []
    tools, mode = _selected_tools(req)
    if mode == "none" or not tools:
        return []
    user = last_user_text(req.messages)
    if mode == "auto" and not tool_args.should_call(tools, user):
        return []
    chosen = tool_args.choose_tools(
        tools, user, derive_int(seed, "tools", index), parallel=req.parallel_tool_calls
    )
    calls = []
    for k, tool in enumerate(chosen):
        fn = tool["function"]
        arguments = tool_args.arguments(fn, user, derive_int(seed, "args", index), index=k)
        calls.append(_call(new_id(), fn["name"], arguments))
    return calls


def _call(call_id: str, name: str, arguments: str) -> dict[str, Any]:
    return {
        "id": call_id,
        "type": "function",
        "function": {"name": name, "arguments": arguments},
    }


def _structured(req: ChatRequest, seed: int, index: int, text: str) -> str | None:
    rf = req.response_format
    if not rf:
        return None
    if rf.get("type") == "json_schema":
        schema = rf["json_schema"].get("schema") or {"type": "object"}
        value = instance(
            schema, derive_int(seed, "schema", index), hint=last_user_text(req.messages)
        )
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    if rf.get("type") == "json_object":
        return json.dumps({"response": text}, ensure_ascii=False)
    return None


def _text(req: ChatRequest, seed: int, index: int, language: str) -> str:
    results = trailing_tool_results(req.messages)
    question = last_user_text(req.messages)
    if results:
        return textgen.answer_from_tool_results(
            derive_int(seed, "answer", index), question, results
        )
    return _reply_text(seed, question, index, language)


@lru_cache(maxsize=4096)
def _reply_text(seed: int, question: str, index: int, language: str) -> str:
    # reply_text is a pure function of its arguments; repeated requests reuse the text.
    return textgen.reply_text(seed, question, index=index, language=language)


def _rule_reply(rule: Rule, new_id: Any) -> tuple[str | None, list[dict[str, Any]]]:
    reply = rule.reply or {}
    calls = []
    for call in reply.get("tool_calls") or []:
        arguments = call.get("arguments", {})
        if not isinstance(arguments, str):
            arguments = json.dumps(arguments, separators=(",", ":"), ensure_ascii=False)
        calls.append(_call(new_id(), str(call["name"]), arguments))
    content = reply.get("content")
    return (None if content is None and calls else str(content or "")), calls


def _cut(text: str, stop: list[str], budget: int, encoding: str) -> tuple[str, list[int], str]:
    """The text as generated: ended before a stop sequence, cut at the token budget."""
    text, _ = textgen.apply_stop(text, stop)
    ids = tokens.encode(text, encoding)
    if len(ids) <= budget:
        return text, ids, "stop"
    ids = ids[: max(budget, 0)]
    return tokens.decode(ids, encoding), ids, "length"


def _call_tokens(calls: list[dict[str, Any]], encoding: str) -> int:
    return sum(
        tokens.count(c["function"]["name"], encoding)
        + tokens.count(c["function"]["arguments"], encoding)
        + TOOL_CALL_OVERHEAD
        for c in calls
    )


def _forced_by_name(req: ChatRequest) -> bool:
    choice = req.tool_choice
    return isinstance(choice, Mapping) and choice.get("type") == "function"


def build_choice(
    req: ChatRequest, index: int, seed: int, language: str, rule: Rule | None, new_id: Any
) -> tuple[Choice, int]:
    """One choice and the hidden reasoning tokens it spent."""
    reasoning = 0
    if req.model.is_reasoning:
        reasoning = REASONING_TOKENS.get(str(req.body.get("reasoning_effort") or "medium"), 192)
        reasoning = min(reasoning, req.budget)
    budget = req.budget - reasoning
    if rule is not None:
        content, calls = _rule_reply(rule, new_id)
    else:
        calls = _tool_calls(req, seed, index, new_id)
        content = None
        if not calls:
            text = _text(req, seed, index, language)
            content = _structured(req, seed, index, text) or text
    if calls:
        return Choice(
            index=index,
            content=None,
            tool_calls=calls,
            # The real API ends a call forced by name with "stop", any other with "tool_calls".
            finish_reason="stop" if _forced_by_name(req) else "tool_calls",
            completion_tokens=_call_tokens(calls, req.encoding),
        ), reasoning
    text, ids, finish = _cut(content or "", req.stop, budget, req.encoding)
    choice = Choice(index, text, ids, None, finish, len(ids))
    if req.logprobs:
        choice.logprobs = token_logprobs(
            ids, req.encoding, seed, top=req.top_logprobs, salt=str(index)
        )
    return choice, reasoning


def _prediction_usage(req: ChatRequest, choices: list[Choice]) -> tuple[int, int]:
    if req.prediction is None or not choices:
        return 0, 0
    predicted = tokens.encode(req.prediction, req.encoding)
    produced = choices[0].content_ids
    accepted = 0
    for a, b in zip(predicted, produced, strict=False):
        if a != b:
            break
        accepted += 1
    return accepted, len(predicted) - accepted


def build(
    req: ChatRequest,
    *,
    completion_id: str,
    created: int,
    server_seed: int,
    rule: Rule | None,
    new_call_id: Any,
) -> Completion:
    seed = request_seed(req)
    language = reply_language(req.messages)
    choices, reasoning = [], 0
    for index in range(req.n):
        choice, spent = build_choice(req, index, seed, language, rule, new_call_id)
        choices.append(choice)
        reasoning += spent
    accepted, rejected = _prediction_usage(req, choices)
    completion_tokens = sum(c.completion_tokens for c in choices) + reasoning + rejected
    usage = tokens.chat_usage(
        req.prompt_tokens,
        completion_tokens,
        reasoning_tokens=reasoning,
        accepted_prediction_tokens=accepted,
        rejected_prediction_tokens=rejected,
    )
    return Completion(
        id=completion_id,
        created=created,
        model=response_model(req),
        system_fingerprint=fingerprint(server_seed, req.model.family),
        service_tier=req.service_tier,
        choices=choices,
        usage=usage,
        metadata=req.metadata,
    )


OBFUSCATION_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


_OBFUSCATION_TABLE = bytes(
    ord(OBFUSCATION_ALPHABET[i % len(OBFUSCATION_ALPHABET)]) for i in range(256)
)


class Obfuscator:
    """Padding that evens out chunk sizes (the API's side-channel mitigation): random letters
    and digits, longer for shorter content. One seeded pool per stream keeps it cheap."""

    POOL = 1024

    def __init__(self, seed: int, completion_id: str) -> None:
        # One seeded XOF output, mapped byte by byte onto the alphabet: no per-char Python loop.
        raw = hashlib.shake_256(digest(seed, "obfuscation", completion_id)).digest(self.POOL + 64)
        self._pool = raw[: self.POOL].translate(_OBFUSCATION_TABLE).decode("ascii")
        self._lengths = [b % 4 for b in raw[self.POOL :]]

    def pad(self, position: int, visible: int) -> str:
        length = max(1, 16 - visible % 16) + self._lengths[position % 64]
        start = (position * 61) % (self.POOL - 24)
        return self._pool[start : start + length]
