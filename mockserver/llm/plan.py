"""What the model "says": a ``Reply`` (choices, tool calls, usage) planned once per call from
a typed ``ModelCall``, then rendered by the resource that asked (chat as one body or as a
stream), so every form carries the same text for the same request and seed."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import orjson

from .. import tokens
from ..catalogue import Model
from ..generate import text as textgen
from ..generate import tool_args
from ..generate.json_schema import instance
from ..generate.logprobs import TokenLogprobs, token_logprobs
from ..randomness import derive_int
from ..state.rules import Rule
from .budget import reasoning_tokens
from .messages import Conversation
from .tools import is_forced, is_forced_by_name, selected_tools
from .usage import chat_usage

# Completion tokens a tool call costs beyond its name and arguments (the call's framing);
# chosen so the seed's Boston call costs the 18 tokens the real API reported.
TOOL_CALL_OVERHEAD = 8

NewId = Callable[[], str]


class ModelCall(NamedTuple):
    """Everything a reply depends on, checked and defaulted by the resource's request parser.
    A named tuple: one is made per request, and a frozen dataclass's per-field ``__setattr__``
    made it cost three times as much to build."""

    model: Model
    asked: str  # the model name as the request gave it
    conversation: Conversation
    seed: int  # the request's ``seed``, else the server's
    budget: int  # tokens the reply may use (see budget.py)
    prompt_tokens: int
    tools: list[dict[str, Any]]  # chat's function tools (given: a tuple has no default factory)
    n: int = 1
    stop: tuple[str, ...] = ()
    logprobs: bool = False
    top_logprobs: int = 0
    tool_choice: Any = None
    parallel_tool_calls: bool = True
    response_format: Mapping[str, Any] | None = None
    prediction: str | None = None
    reasoning_effort: str | None = None  # None: not a reasoning model

    @property
    def encoding(self) -> str:
        return self.model.encoding


@dataclass
class Choice:
    index: int
    content: str | None
    content_ids: list[int] = field(default_factory=list)
    tool_calls: list[dict[str, Any]] | None = None
    finish_reason: str = "stop"
    completion_tokens: int = 0
    logprobs: TokenLogprobs | None = None


@dataclass
class Reply:
    choices: list[Choice]
    usage: dict[str, Any]


def canonical_json(value: Any) -> bytes:
    """Compact JSON with sorted keys, ASCII only: the bytes of ``json.dumps(..., sort_keys=True,
    separators=(",", ":"))`` for any value without floats, written by orjson many times faster
    whenever its output is ASCII (text outside ASCII, which json escapes, takes the slow path).
    A float may be written otherwise (orjson's ``1e16`` for json's ``1e+16``): that only picks
    another seed for such a request, the same one in every process."""
    try:
        fast = orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        fast = b"\x80"  # not orjson's to write: fall through
    if fast.isascii():
        return fast
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str).encode()


def request_seed(call: ModelCall) -> int:
    """The seed of everything generated for this call: (model, messages, seed)."""
    return derive_int(call.seed, "chat", call.asked, canonical_json(call.conversation.raw))


def _call(call_id: str, name: str, arguments: str) -> dict[str, Any]:
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}


def _tool_calls(call: ModelCall, seed: int, index: int, new_id: NewId) -> list[dict[str, Any]]:
    conversation = call.conversation
    answered = bool(conversation.tool_results) or conversation.ends_with_assistant
    if answered and not is_forced(call.tool_choice):
        # A turn that already holds tool results (or ends with the model) gets text back.
        return []
    tools, mode = selected_tools(call.tools, call.tool_choice)
    if mode == "none" or not tools:
        return []
    user = conversation.last_user_text
    if mode == "auto" and not tool_args.should_call(tools, user):
        return []
    chosen = tool_args.choose_tools(
        tools, user, derive_int(seed, "tools", index), parallel=call.parallel_tool_calls
    )
    calls = []
    for k, tool in enumerate(chosen):
        fn = tool["function"]
        arguments = tool_args.arguments(fn, user, derive_int(seed, "args", index), index=k)
        calls.append(_call(new_id(), fn["name"], arguments))
    return calls


def _structured(call: ModelCall, seed: int, index: int, text: str) -> str | None:
    rf = call.response_format
    if not rf:
        return None
    if rf.get("type") == "json_schema":
        schema = rf["json_schema"].get("schema") or {"type": "object"}
        hint = call.conversation.last_user_text
        value = instance(schema, derive_int(seed, "schema", index), hint=hint)
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    if rf.get("type") == "json_object":
        return json.dumps({"response": text}, ensure_ascii=False)
    return None


def _text(call: ModelCall, seed: int, index: int) -> str:
    conversation = call.conversation
    question = conversation.last_user_text
    if conversation.tool_results:
        return textgen.answer_from_tool_results(
            derive_int(seed, "answer", index), question, conversation.tool_results
        )
    # No cache of replies: the seed comes from the whole conversation, so only a repeated
    # request could hit one, and its keys (the questions) would grow with varied ones.
    return textgen.reply_text(seed, question, index=index, language=conversation.language)


def _rule_reply(rule: Rule, new_id: NewId) -> tuple[str | None, list[dict[str, Any]]]:
    reply = rule.reply or {}
    calls = []
    for scripted in reply.get("tool_calls") or []:
        arguments = scripted.get("arguments", {})
        if not isinstance(arguments, str):
            arguments = json.dumps(arguments, separators=(",", ":"), ensure_ascii=False)
        calls.append(_call(new_id(), str(scripted["name"]), arguments))
    content = reply.get("content")
    return (None if content is None and calls else str(content or "")), calls


def _cut(
    text: str, stop: tuple[str, ...], budget: int, encoding: str
) -> tuple[str, list[int], str]:
    """The text as generated: ended before a stop sequence, cut at the token budget."""
    if stop:  # most calls have none
        text, _ = textgen.apply_stop(text, list(stop))
    ids = tokens.encode_prose(text, encoding)
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


def plan_choice(
    call: ModelCall, index: int, seed: int, rule: Rule | None, new_id: NewId
) -> tuple[Choice, int]:
    """One choice and the hidden reasoning tokens it spent."""
    reasoning = reasoning_tokens(call.reasoning_effort, call.budget)
    budget = call.budget - reasoning
    if rule is not None:
        content, calls = _rule_reply(rule, new_id)
    else:
        calls = _tool_calls(call, seed, index, new_id)
        content = None
        if not calls:
            text = _text(call, seed, index)
            content = _structured(call, seed, index, text) or text
    if calls:
        return Choice(
            index=index,
            content=None,
            tool_calls=calls,
            # The real API ends a call forced by name with "stop", any other with "tool_calls".
            finish_reason="stop" if is_forced_by_name(call.tool_choice) else "tool_calls",
            completion_tokens=_call_tokens(calls, call.encoding),
        ), reasoning
    text, ids, finish = _cut(content or "", call.stop, budget, call.encoding)
    choice = Choice(index, text, ids, None, finish, len(ids))
    if call.logprobs:
        choice.logprobs = token_logprobs(
            ids, call.encoding, seed, top=call.top_logprobs, salt=str(index)
        )
    return choice, reasoning


def _prediction_usage(call: ModelCall, choices: list[Choice]) -> tuple[int, int]:
    if call.prediction is None or not choices:
        return 0, 0
    predicted = tokens.encode(call.prediction, call.encoding)
    produced = choices[0].content_ids
    accepted = 0
    for a, b in zip(predicted, produced, strict=False):
        if a != b:
            break
        accepted += 1
    return accepted, len(predicted) - accepted


def plan(call: ModelCall, *, rule: Rule | None, new_call_id: NewId) -> Reply:
    """The reply to ``call``: ``rule``'s scripted one when a rule matched, else generated."""
    seed = request_seed(call)
    choices, reasoning = [], 0
    for index in range(call.n):
        choice, spent = plan_choice(call, index, seed, rule, new_call_id)
        choices.append(choice)
        reasoning += spent
    accepted, rejected = _prediction_usage(call, choices)
    completion_tokens = sum(c.completion_tokens for c in choices) + reasoning + rejected
    usage = chat_usage(
        call.prompt_tokens,
        completion_tokens,
        reasoning_tokens=reasoning,
        accepted_prediction_tokens=accepted,
        rejected_prediction_tokens=rejected,
    )
    return Reply(choices, usage)
