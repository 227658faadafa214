"""Checking a ``POST /v1/responses`` body the way the real API does, in its order, and reading
it into a typed ``ResponsesRequest``: the ``ModelCall`` the shared planner answers (the same
one chat completions would build for the same conversation) and what Responses does around it.
Nothing below the handler reads the raw body."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ...catalogue import Model
from ...http import errors
from ...http.metadata import check_metadata
from ...http.params import Param, check, check_value, param, required
from ...llm import errors as llm_errors
from ...llm import tool_tokens
from ...llm.messages import Conversation
from ...llm.plan import ModelCall
from ...llm.prompt_tokens import count_messages
from ...llm.response_format import schema_tokens
from ...llm.strict_schema import strict_schema_error
from ...llm.tools import check_name
from . import errors as resp_errors
from . import tools as resp_tools
from .items import Input, check_pairing, parse_input
from .options import ServingOptions

SERVICE_TIERS = ("auto", "default", "flex", "scale", "priority", "fast", "ultrafast")
REASONING_EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh", "max")
SUMMARIES = ("auto", "concise", "detailed")
INCLUDABLE = (
    "file_search_call.results",
    "web_search_call.results",
    "web_search_call.action.sources",
    "message.input_image.image_url",
    "computer_call_output.output.image_url",
    "code_interpreter_call.outputs",
    "reasoning.encrypted_content",
    "message.output_text.logprobs",
)
FORMATS = ("text", "json_object", "json_schema")
MIN_OUTPUT_TOKENS = 16
SPEC: dict[str, Param] = {
    "model": param("string", required=True),
    "input": param("string", "array"),
    "instructions": param("string"),
    "access_programs": param("object"),
    "background": param("boolean"),
    "background_options": param("object"),
    "context_management": param("array"),
    "conversation": param("string", "object"),
    "image": param("object"),
    "include": param("array"),
    "max_output_tokens": param("integer", minimum=MIN_OUTPUT_TOKENS),
    "max_tool_calls": param("integer", minimum=1),
    "metadata": param("object"),
    "moderation": param("object"),
    "parallel_tool_calls": param("boolean"),
    "previous_response_id": param("string"),
    "prompt": param("object"),
    "prompt_cache_key": param("string"),
    "prompt_cache_options": param("object"),
    "prompt_cache_retention": param("string", enum=("in_memory", "24h")),
    "reasoning": param("object"),
    "safety_identifier": param("string"),
    "service_tier": param("string", enum=SERVICE_TIERS),
    "store": param("boolean"),
    "stream": param("boolean"),
    "stream_options": param("object"),
    "temperature": param("number", minimum=0, maximum=2),
    "text": param("object"),
    "tool_choice": param("string", "object"),
    "tools": param("array"),
    "top_logprobs": param("integer", minimum=0, maximum=20),
    "top_p": param("number", minimum=0, maximum=1),
    "truncation": param("string", enum=("auto", "disabled")),
    "user": param("string"),
}
# POST /v1/responses/input_tokens takes the parts of a request that make its input.
INPUT_TOKENS_PARAMS = (
    "conversation",
    "input",
    "instructions",
    "parallel_tool_calls",
    "previous_response_id",
    "reasoning",
    "text",
    "tool_choice",
    "tools",
    "truncation",
)
INPUT_TOKENS_SPEC: dict[str, Param] = {
    **{name: SPEC[name] for name in INPUT_TOKENS_PARAMS},
    "model": param("string"),
    "personality": param("string"),
}
# POST /v1/responses/compact: what it takes, and what of it the create request it is counted
# as takes (the rest is accepted and has no effect on the compaction).
COMPACT_SPEC: dict[str, Param] = {
    **{
        name: SPEC[name]
        for name in (
            "model",
            "input",
            "instructions",
            "previous_response_id",
            "prompt_cache_key",
            "prompt_cache_retention",
            "safety_identifier",
            "service_tier",
        )
    },
    "prompt_cache_options": SPEC["prompt_cache_options"],
    "image": SPEC["image"],
}
COMPACT_CREATE_PARAMS = ("model", "input", "instructions", "previous_response_id")
# The model input_tokens counts for when none is named.
INPUT_TOKENS_MODEL = "gpt-4o"
PROMPT_KEYS = ("id", "version", "variables")
# The OpenAPI description's limit (on the request and on the echoing response alike); the
# SDK's docstring says 128 characters, which the schema does not allow back.
SAFETY_IDENTIFIER_MAX = 64


def check_prompt(body: Mapping[str, Any]) -> None:
    """A reusable ``prompt`` template is looked up before anything else (it may carry the
    model): the real API resolves ids made in the dashboard, of which this offline mock has
    none, so a well-formed prompt gets the real API's 404 for an unknown id."""
    prompt = body.get("prompt")
    if prompt is None:
        return
    check_value("prompt", param("object"), prompt)
    for key in prompt:
        if key not in PROMPT_KEYS:
            raise resp_errors.unknown_parameter(f"prompt.{key}")
    required("prompt.id", prompt.get("id"), param("string"))
    if prompt.get("version") is not None:
        check_value("prompt.version", param("string"), prompt["version"])
    if prompt.get("variables") is not None:
        check_value("prompt.variables", param("object"), prompt["variables"])
    raise resp_errors.prompt_not_found(prompt["id"])


@dataclass(frozen=True)
class ResponsesRequest:
    """A checked request: the model call, and the fields the response object echoes."""

    call: ModelCall
    input: Input
    instructions: str | None
    tools: list[dict[str, Any]]  # as echoed
    tool_choice: Any  # as echoed
    text: dict[str, Any]
    reasoning: dict[str, Any]
    include: tuple[str, ...] = ()
    store: bool = True
    stream: bool = False
    background: bool = False
    include_obfuscation: bool = True
    metadata: dict[str, str] = field(default_factory=dict)
    previous_response_id: str | None = None
    max_output_tokens: int | None = None
    max_tool_calls: int | None = None
    temperature: float = 1.0
    top_p: float = 1.0
    top_logprobs: int = 0
    truncation: str = "disabled"
    service_tier: str = "default"
    parallel_tool_calls: bool = True
    prompt_cache_key: str | None = None
    prompt_cache_retention: str | None = None
    safety_identifier: str | None = None
    user: str | None = None
    history: list[dict[str, Any]] = field(default_factory=list)  # the context before the input
    conversation_id: str | None = None
    options: ServingOptions = field(default_factory=ServingOptions)

    @property
    def has_tools(self) -> bool:
        return bool(self.call.tools)

    @property
    def reasoning_summary(self) -> str | None:
        summary = self.reasoning.get("summary")
        return str(summary) if summary is not None else None


# --- text.format -----------------------------------------------------------------------------


def _check_text(text: Mapping[str, Any], model: Model, inputs: Conversation) -> dict[str, Any]:
    """``text`` as the response echoes it; ``inputs`` are the input messages (the word "json"
    must be in them: instructions do not count)."""
    for key in text:
        if key not in ("format", "verbosity"):
            raise errors.unrecognized_argument(f"text.{key}")
    verbosity = text.get("verbosity")
    if verbosity is not None:
        check_value("text.verbosity", param("string", enum=("low", "medium", "high")), verbosity)
    fmt = text.get("format")
    if fmt is None:
        fmt = {"type": "text"}
    check_value("text.format", param("object"), fmt)
    kind = fmt.get("type")
    required("text.format.type", kind, param("string", enum=FORMATS))
    if kind == "json_object":
        if not model.feature("json_object"):
            raise resp_errors.format_not_supported(kind)
        if not inputs.mentions("json"):
            raise resp_errors.json_word_missing()
        fmt = {"type": "json_object"}
    elif kind == "json_schema":
        if not model.feature("structured_outputs"):
            raise resp_errors.format_not_supported(kind)
        check_name("text.format.name", fmt.get("name"))
        schema = fmt.get("schema")
        required("text.format.schema", schema, param("object"))
        strict = fmt.get("strict")
        if strict is not None:
            check_value("text.format.strict", param("boolean"), strict)
        if fmt.get("description") is not None:
            check_value("text.format.description", param("string"), fmt["description"])
        if strict is True:
            problem = strict_schema_error(schema, fmt["name"])
            if problem:
                raise llm_errors.invalid_schema(problem, "text.format.schema", None)
        echoed = {"type": "json_schema", "name": fmt["name"], "schema": schema}
        if fmt.get("description") is not None:
            echoed["description"] = fmt["description"]
        fmt = {**echoed, "strict": bool(strict)}
    else:
        fmt = {"type": "text"}
    return {"format": fmt, "verbosity": verbosity or "medium"}


def chat_response_format(text: Mapping[str, Any]) -> dict[str, Any] | None:
    """``text.format`` as the chat ``response_format`` the planner reads (None for text)."""
    fmt = text["format"]
    if fmt["type"] == "json_object":
        return {"type": "json_object"}
    if fmt["type"] == "json_schema":
        spec = {"name": fmt["name"], "schema": fmt["schema"], "strict": fmt["strict"]}
        return {"type": "json_schema", "json_schema": spec}
    return None


# --- reasoning and sampling ------------------------------------------------------------------


def _unsupported_effort(effort: str, asked: str, supported: tuple[str, ...]) -> errors.APIError:
    error = llm_errors.unsupported_effort(effort, asked, supported)
    error.param = "reasoning.effort"
    return error


def _check_reasoning(body: Mapping[str, Any], model: Model) -> tuple[str | None, dict[str, Any]]:
    """The effort the model spends (None: it does not reason) and the ``reasoning`` echoed."""
    reasoning = body.get("reasoning") or {}
    for key in reasoning:
        if key not in ("effort", "summary", "generate_summary"):
            raise errors.unrecognized_argument(f"reasoning.{key}")
    effort = reasoning.get("effort")
    if effort is not None:
        check_value("reasoning.effort", param("string", enum=REASONING_EFFORTS), effort)
    summary = reasoning.get("summary") or reasoning.get("generate_summary")
    if summary is not None:
        check_value("reasoning.summary", param("string", enum=SUMMARIES), summary)
    asked = str(body["model"])
    if not model.is_reasoning:
        if effort is not None:
            raise llm_errors.unsupported_parameter("reasoning.effort")
        if summary is not None:
            raise llm_errors.unsupported_parameter("reasoning.summary")
        return None, {"effort": None, "summary": None}
    if effort is not None:
        if not model.reasoning_efforts:
            raise llm_errors.unsupported_parameter("reasoning.effort")
        if effort not in model.reasoning_efforts:
            raise _unsupported_effort(effort, asked, model.reasoning_efforts)
    spent = effort or model.default_reasoning_effort or "medium"
    if not (spent == "none" and model.sampling_with_effort_none):
        # The Responses API words these as unsupported parameters (chat: "only the default").
        for name, default in (("temperature", 1), ("top_p", 1)):
            value = body.get(name)
            if value is not None and value != default:
                raise llm_errors.unsupported_parameter(name)
        if body.get("top_logprobs") is not None:
            raise llm_errors.unsupported_parameter("top_logprobs")
    return spent, {"effort": spent, "summary": summary}


def check_safety_identifier(safety: str | None) -> None:
    """The length limit of ``safety_identifier`` (responses and conversations alike)."""
    if safety is not None and len(safety) > SAFETY_IDENTIFIER_MAX:
        raise errors.invalid_value(
            "safety_identifier",
            f"Invalid 'safety_identifier': string too long. Expected a string with maximum "
            f"length {SAFETY_IDENTIFIER_MAX}, but got a string with length {len(safety)} "
            "instead.",
            code="string_above_max_length",
        )


def check_include(include: list[Any]) -> tuple[str, ...]:
    for k, value in enumerate(include):
        check_value(f"include[{k}]", param("string", enum=INCLUDABLE), value)
    return tuple(include)


def _stream_options(body: Mapping[str, Any]) -> bool:
    options = body.get("stream_options")
    if options is None:
        return True
    if not body.get("stream"):
        raise llm_errors.only_with("stream_options", "stream")
    for key, value in options.items():
        if key != "include_obfuscation":
            raise errors.unrecognized_argument(f"stream_options.{key}")
        check_value(f"stream_options.{key}", param("boolean"), value)
    return options.get("include_obfuscation") is not False


# --- tokens ----------------------------------------------------------------------------------


def _prompt_tokens(
    messages: list[dict[str, Any]], tools: list[Any], choice: Any, rf: Any, encoding: str
) -> int:
    conversation = Conversation.of(messages)
    return (
        count_messages(conversation.messages, encoding)
        + tool_tokens.prompt_tokens(tools, messages, choice, encoding)
        + schema_tokens(rf, encoding)
    )


def _fit(
    messages: list[dict[str, Any]], tools: list[Any], choice: Any, rf: Any, model: Model, auto: bool
) -> tuple[list[dict[str, Any]], int]:
    """The messages the model sees and their tokens: with ``truncation: auto`` the oldest
    items (after the instructions) go until the input fits the context window."""
    window = model.context_window
    prompt = _prompt_tokens(messages, tools, choice, rf, model.encoding)
    while auto and prompt > window:
        droppable = [i for i, m in enumerate(messages) if m["role"] not in ("system", "developer")]
        if len(droppable) <= 1:
            break
        messages = messages[: droppable[0]] + messages[droppable[0] + 1 :]
        prompt = _prompt_tokens(messages, tools, choice, rf, model.encoding)
    if prompt > window:
        raise resp_errors.input_too_long()
    return messages, prompt


def _budget(model: Model, prompt: int, limit: int | None) -> int:
    if limit is not None and limit > model.max_output_tokens:
        raise llm_errors.max_tokens_too_large("max_output_tokens", limit, model.max_output_tokens)
    return min(limit or model.max_output_tokens, max(model.context_window - prompt, 0))


def parse(
    body: Mapping[str, Any],
    model: Model,
    default_seed: int,
    history: list[dict[str, Any]] | None = None,
    conversation_id: str | None = None,
    check_stateful: resp_tools.CheckStateful | None = None,
) -> ResponsesRequest:
    """Check ``body`` (whose ``model`` resolved to ``model``; ``history`` is the context of a
    previous response it continues) and read it."""
    check(body, SPEC)
    history = list(history or [])
    effort, reasoning = _check_reasoning(body, model)
    inp = parse_input(body.get("input"), model)
    if not inp.items and not history:
        raise errors.missing_parameter("input")
    instructions = body.get("instructions")
    lead = [{"role": "developer", "content": instructions}] if instructions else []
    messages = lead + history + inp.messages
    check_pairing(messages)
    tools = resp_tools.check_tools(body.get("tools") or [], check_stateful)
    if tools and not model.feature("tools"):
        raise llm_errors.tools_not_supported()
    tool_choice = resp_tools.check_tool_choice(body.get("tool_choice"), tools)
    text = _check_text(body.get("text") or {}, model, Conversation.of(history + inp.messages))
    metadata = check_metadata(body["metadata"]) if body.get("metadata") is not None else {}
    include = check_include(body.get("include") or [])
    safety = body.get("safety_identifier")
    check_safety_identifier(safety)
    include_obfuscation = _stream_options(body)
    if body.get("background") and body.get("store") is False:
        raise resp_errors.background_needs_store()

    chat_tools = resp_tools.chat_tools(tools)
    chat_choice = resp_tools.chat_tool_choice(tool_choice, tools)
    rf = chat_response_format(text)
    seen, prompt_tokens = _fit(
        messages, chat_tools, chat_choice, rf, model, body.get("truncation") == "auto"
    )
    limit = body.get("max_output_tokens")
    top_logprobs = body.get("top_logprobs") or 0
    tier = body.get("service_tier") or "auto"
    call = ModelCall(
        model=model,
        asked=str(body["model"]),
        conversation=Conversation.of(seen),
        seed=default_seed,
        budget=_budget(model, prompt_tokens, limit),
        prompt_tokens=prompt_tokens,
        logprobs="message.output_text.logprobs" in include,
        top_logprobs=top_logprobs,
        tools=chat_tools,
        tool_choice=chat_choice if tools else "none",
        parallel_tool_calls=body.get("parallel_tool_calls") is not False,
        response_format=rf,
        reasoning_effort=effort,
    )
    return ResponsesRequest(
        call=call,
        input=inp,
        instructions=instructions,
        tools=tools,
        tool_choice=tool_choice,
        text=text,
        reasoning=reasoning,
        include=include,
        store=body.get("store") is not False,
        stream=bool(body.get("stream")),
        background=bool(body.get("background")),
        include_obfuscation=include_obfuscation,
        metadata=metadata,
        previous_response_id=body.get("previous_response_id"),
        max_output_tokens=limit,
        max_tool_calls=body.get("max_tool_calls"),
        temperature=float(body["temperature"]) if body.get("temperature") is not None else 1.0,
        top_p=float(body["top_p"]) if body.get("top_p") is not None else 1.0,
        top_logprobs=top_logprobs,
        truncation=body.get("truncation") or "disabled",
        service_tier={"auto": "default", "fast": "priority"}.get(tier, tier),
        parallel_tool_calls=body.get("parallel_tool_calls") is not False,
        prompt_cache_key=body.get("prompt_cache_key"),
        prompt_cache_retention=body.get("prompt_cache_retention"),
        safety_identifier=safety,
        user=body.get("user"),
        history=history,
        conversation_id=conversation_id,
    )
