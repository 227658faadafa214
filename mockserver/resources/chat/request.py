"""Checking a chat completion request the way the real API does, in its order, and reading it
into a typed ``ChatRequest`` (with the ``ModelCall`` the reply is planned from). Nothing below
the handler reads the raw body."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from ...catalogue import Model
from ...http import errors
from ...http.metadata import check_metadata
from ...http.params import INT64_MAX, INT64_MIN, Param, check, check_value, param, required
from ...llm import errors as llm_errors
from ...llm import tool_tokens
from ...llm.budget import output_budget
from ...llm.family import Sampling, check_sampling, reasoning_effort
from ...llm.image_urls import check_image_url
from ...llm.messages import Conversation, Message
from ...llm.plan import ModelCall
from ...llm.prompt_tokens import count_messages
from ...llm.response_format import check_response_format, schema_tokens
from ...llm.tools import check_tool_choice, check_tools, function_tools
from . import errors as chat_errors

ROLES = ("system", "assistant", "user", "function", "tool", "developer")
USER_PARTS = ("text", "image_url", "input_audio", "file")
ASSISTANT_PARTS = ("text", "refusal")
SERVICE_TIERS = ("auto", "default", "flex", "scale", "priority", "fast")
REASONING_EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh", "max")
SPEC: dict[str, Param] = {
    "model": param("string", required=True),
    "messages": param("array", required=True, min_items=1),
    "audio": param("object"),
    "frequency_penalty": param("number", minimum=-2, maximum=2),
    "function_call": param("string", "object"),
    "functions": param("array", min_items=1, max_items=128),
    "logit_bias": param("object"),
    "logprobs": param("boolean"),
    "max_completion_tokens": param("integer", minimum=1),
    "max_tokens": param("integer", minimum=1),
    "metadata": param("object"),
    "modalities": param("array"),
    "moderation": param("object"),
    "n": param("integer", minimum=1, maximum=128),
    "parallel_tool_calls": param("boolean"),
    "prediction": param("object"),
    "presence_penalty": param("number", minimum=-2, maximum=2),
    "prompt_cache_key": param("string"),
    "prompt_cache_options": param("object"),
    "prompt_cache_retention": param("string", enum=("in_memory", "24h")),
    "reasoning_effort": param("string", enum=REASONING_EFFORTS),
    "response_format": param("object"),
    "safety_identifier": param("string"),
    "seed": param("integer", minimum=INT64_MIN, maximum=INT64_MAX),
    "service_tier": param("string", enum=SERVICE_TIERS),
    "stop": param("string", "array", max_items=4),
    "store": param("boolean"),
    "stream": param("boolean"),
    "stream_options": param("object"),
    "temperature": param("number", minimum=0, maximum=2),
    "tool_choice": param("string", "object"),
    "tools": param("array", max_items=128),
    "top_logprobs": param("integer", minimum=0, maximum=20),
    "top_p": param("number", minimum=0, maximum=1),
    "user": param("string"),
    "verbosity": param("string", enum=("low", "medium", "high")),
    "web_search_options": param("object"),
}


class ChatRequest(NamedTuple):
    """A checked request: the model call, and what chat does around it (a named tuple, as
    ``Sampling``: one per request, built at a fifth of a frozen dataclass's cost)."""

    call: ModelCall
    messages: list[dict[str, Any]]  # as sent: a stored completion keeps them
    stream: bool = False
    include_usage: bool = False
    include_obfuscation: bool = True
    store: bool = False
    metadata: dict[str, str] | None = None
    service_tier: str = "default"

    @property
    def has_tools(self) -> bool:
        return bool(self.call.tools)


# --- messages ------------------------------------------------------------------------------


def _check_part(i: int, j: int, part: Any, role: str, model: Model) -> None:
    where = f"messages[{i}].content[{j}]"
    if not isinstance(part, dict):
        raise errors.invalid_type(where, "an object", part)
    kind = part.get("type")
    if kind is None:
        raise errors.missing_parameter(f"{where}.type")
    allowed = (
        USER_PARTS if role == "user" else ASSISTANT_PARTS if role == "assistant" else ("text",)
    )
    if kind not in allowed:
        raise errors.invalid_enum(f"{where}.type", kind, allowed)
    if kind in ("text", "refusal"):
        check_value(f"{where}.{kind}", param("string"), part.get(kind))
    elif kind == "image_url":
        if not model.feature("vision"):
            raise chat_errors.image_not_supported(i, j)
        image = part.get("image_url")
        if image is None:
            raise errors.missing_parameter(f"{where}.image_url")
        check_value(f"{where}.image_url", param("object"), image)
        _check_image_url(f"{where}.image_url", image)
    elif kind == "input_audio":
        audio = part.get("input_audio")
        if audio is None:
            raise errors.missing_parameter(f"{where}.input_audio")
        check_value(f"{where}.input_audio", param("object"), audio)
        required(f"{where}.input_audio.data", audio.get("data"), param("string"))
        fmt = param("string", enum=("wav", "mp3"))
        required(f"{where}.input_audio.format", audio.get("format"), fmt)
    elif kind == "file":
        check_value(f"{where}.file", param("object"), part.get("file"))


def _check_image_url(where: str, image: Mapping[str, Any]) -> None:
    url = image.get("url")
    if url is None:
        raise errors.missing_parameter(f"{where}.url")
    check_value(f"{where}.url", param("string"), url)
    detail = image.get("detail")
    if detail is not None:
        check_value(f"{where}.detail", param("string", enum=("auto", "low", "high")), detail)
    check_image_url(f"{where}.url", url)


def _check_tool_calls(i: int, calls: Any) -> list[str]:
    check_value(f"messages[{i}].tool_calls", param("array"), calls)
    ids = []
    for k, call in enumerate(calls):
        where = f"messages[{i}].tool_calls[{k}]"
        check_value(where, param("object"), call)
        for key in ("id", "type", "function"):
            if call.get(key) is None:
                raise errors.missing_parameter(f"{where}.{key}")
        check_value(f"{where}.id", param("string"), call["id"])
        check_value(f"{where}.type", param("string", enum=("function", "custom")), call["type"])
        fn = call["function"]
        check_value(f"{where}.function", param("object"), fn)
        for key in ("name", "arguments"):
            if fn.get(key) is None:
                raise errors.missing_parameter(f"{where}.function.{key}")
            check_value(f"{where}.function.{key}", param("string"), fn[key])
        ids.append(call["id"])
    return ids


# The specs checked on every message, made once (param() is a cached call, but still a call).
_ROLE = param("string", enum=ROLES)
_CONTENT = param("string", "array")


def check_messages(messages: list[Any], model: Model) -> None:
    """Roles, content shapes, vision support and the tool-call/tool-result pairing."""
    pending: list[str] | None = None  # tool_call ids of the last assistant turn not yet answered
    pending_at = 0
    for i, message in enumerate(messages):
        if not isinstance(message, dict):
            raise errors.invalid_type(f"messages[{i}]", "an object", message)
        role = message.get("role")
        if role is None:
            raise errors.missing_parameter(f"messages[{i}].role")
        if role not in ROLES:  # the name is spelt out only for the error
            check_value(f"messages[{i}].role", _ROLE, role)
        if role in ("system", "developer") and not model.feature("system_messages"):
            raise errors.APIError(
                400,
                f"Unsupported value: 'messages[{i}].role' does not support '{role}' with this "
                "model.",
                param=f"messages[{i}].role",
                code="unsupported_value",
            )
        content = message.get("content")
        if content is None:
            # Only an assistant turn that calls tools (or a function) may say nothing.
            calls = bool(message.get("tool_calls")) or message.get("function_call") is not None
            if not (role == "assistant" and calls):
                raise errors.missing_parameter(f"messages[{i}].content")
        elif not isinstance(content, str):
            check_value(f"messages[{i}].content", _CONTENT, content)
            for j, part in enumerate(content):  # a list: check_value allows nothing else
                _check_part(i, j, part, role, model)
        name = message.get("name")
        if role == "function" and name is None:
            raise errors.missing_parameter(f"messages[{i}].name")
        if name is not None:
            check_value(f"messages[{i}].name", param("string"), name)
        if role == "tool":
            call_id = message.get("tool_call_id")
            if call_id is None:
                raise errors.missing_parameter(f"messages[{i}].tool_call_id")
            check_value(f"messages[{i}].tool_call_id", param("string"), call_id)
            if pending is None or call_id not in pending:
                raise chat_errors.orphan_tool_message(i)
            pending.remove(call_id)
            continue
        if pending:
            raise chat_errors.unanswered_tool_calls(pending_at, pending)
        pending = None
        if role == "assistant" and message.get("tool_calls") is not None:
            pending, pending_at = _check_tool_calls(i, message["tool_calls"]), i
    if pending:
        raise chat_errors.unanswered_tool_calls(pending_at, pending)


# --- everything else -------------------------------------------------------------------------


def _check_logit_bias(bias: Mapping[str, Any]) -> None:
    for key, value in bias.items():
        if not key.lstrip("-").isdigit():
            raise errors.invalid_value(
                "logit_bias",
                f"Invalid key in 'logit_bias': {key}. Keys must be token IDs given as strings.",
            )
        check_value(f"logit_bias.{key}", param("number", minimum=-100, maximum=100), value)


def _stop_list(stop: Any) -> list[str]:
    if stop is None:
        return []
    if isinstance(stop, str):
        return [stop]
    for k, item in enumerate(stop):
        check_value(f"stop[{k}]", param("string"), item)
    return list(stop)


def _stream_options(body: Mapping[str, Any]) -> tuple[bool, bool]:
    options = body.get("stream_options")
    if options is None:
        return False, True
    if not body.get("stream"):
        raise llm_errors.only_with("stream_options", "stream")
    for key, value in options.items():
        if key not in ("include_usage", "include_obfuscation"):
            raise errors.unrecognized_argument(f"stream_options.{key}")
        check_value(f"stream_options.{key}", param("boolean"), value)
    return bool(options.get("include_usage")), options.get("include_obfuscation") is not False


def _prediction_text(prediction: Mapping[str, Any] | None) -> str | None:
    if prediction is None:
        return None
    required("prediction.type", prediction.get("type"), param("string", enum=("content",)))
    content = prediction.get("content")
    if content is None:
        raise errors.missing_parameter("prediction.content")
    check_value("prediction.content", param("string", "array"), content)
    return Message.of({"content": content}).text


# What a body may send and still skip the options (see parse): the required model and
# messages, two flags read as they are, and strings nothing reads once check() passed them.
PLAIN = frozenset(
    ("model", "messages", "stream", "store", "user", "safety_identifier", "prompt_cache_key")
)

# No sampling parameter given.
NO_SAMPLING = Sampling()

# service_tier as the answer names it.
_TIER_ANSWERED = {"auto": "default", "fast": "priority"}


def parse(body: Mapping[str, Any], model: Model, default_seed: int) -> ChatRequest:
    """Check ``body`` (whose ``model`` resolved to ``model``) and read it: the parameters'
    own checks, then the model family's, the messages, and the options, in the real API's
    order of precedence."""
    check(body, SPEC)
    asked = str(body["model"])
    messages = body["messages"]
    # Most bodies send a model and messages, and perhaps a stream or store flag, alone: then
    # no option's check can fail, each option takes its default (the named tuples'), and
    # none is looked up.
    plain = body.keys() <= PLAIN
    sampling = NO_SAMPLING if plain else _sampling(body)
    check_sampling(sampling, model, asked)
    check_messages(messages, model)
    conversation = Conversation.of(messages)
    prompt_tokens = count_messages(conversation.messages, model.encoding)
    effort = reasoning_effort(sampling, model)
    if not plain:
        return _with_options(body, model, conversation, prompt_tokens, effort, default_seed)
    budget = output_budget(model, prompt_tokens, None, "max_tokens")
    call = ModelCall(
        model=model,
        asked=asked,
        conversation=conversation,
        seed=default_seed,
        budget=budget,
        prompt_tokens=prompt_tokens,
        tools=[],
        tool_choice="none",  # no tools: check_tool_choice's default
        reasoning_effort=effort,
    )
    return ChatRequest(
        call=call,
        messages=messages,
        stream=bool(body.get("stream")),
        store=bool(body.get("store")),
    )


def _sampling(body: Mapping[str, Any]) -> Sampling:
    get = body.get
    return Sampling(
        max_tokens=get("max_tokens"),
        temperature=get("temperature"),
        top_p=get("top_p"),
        presence_penalty=get("presence_penalty"),
        frequency_penalty=get("frequency_penalty"),
        logprobs=get("logprobs"),
        top_logprobs=get("top_logprobs"),
        reasoning_effort=get("reasoning_effort"),
    )


def _with_options(
    body: Mapping[str, Any],
    model: Model,
    conversation: Conversation,
    prompt_tokens: int,
    effort: str | None,
    default_seed: int,
) -> ChatRequest:
    """The rest of a body that sends options: each checked in the API's order, then read
    (``prompt_tokens`` counts the messages; the tools and a schema add theirs here)."""
    get = body.get
    messages = body["messages"]
    tools = check_tools(get("tools") or [])
    if tools and not model.feature("tools"):
        raise llm_errors.tools_not_supported()
    reasons = effort not in (None, "none")
    if reasons and function_tools(tools) and model.feature("chat_tools_need_effort_none"):
        raise chat_errors.function_tools_with_effort(str(body["model"]))
    tool_choice = check_tool_choice(get("tool_choice"), tools)
    if get("parallel_tool_calls") is not None and not tools:
        raise llm_errors.only_with_tools("parallel_tool_calls")
    rf = get("response_format")
    if rf is not None:
        check_response_format(rf, model, conversation)
    if get("logit_bias") is not None:
        _check_logit_bias(body["logit_bias"])
    metadata = check_metadata(body["metadata"]) if get("metadata") is not None else None
    if get("top_logprobs") is not None and not get("logprobs"):
        raise llm_errors.only_with("top_logprobs", "logprobs")
    include_usage, include_obfuscation = _stream_options(body)
    for k, modality in enumerate(get("modalities") or []):
        check_value(f"modalities[{k}]", param("string", enum=("text", "audio")), modality)
    prediction = _prediction_text(get("prediction"))
    stop = _stop_list(get("stop"))

    prompt_tokens += tool_tokens.prompt_tokens(
        tools, messages, get("tool_choice"), model.encoding
    ) + schema_tokens(rf, model.encoding)
    limit_param = "max_completion_tokens" if get("max_completion_tokens") else "max_tokens"
    limit: int | None = get("max_completion_tokens") or get("max_tokens")
    budget = output_budget(model, prompt_tokens, limit, limit_param)

    tier = get("service_tier") or "auto"
    call = ModelCall(
        model=model,
        asked=str(body["model"]),
        conversation=conversation,
        seed=body["seed"] if get("seed") is not None else default_seed,
        budget=budget,
        prompt_tokens=prompt_tokens,
        n=get("n") or 1,
        stop=tuple(stop),
        logprobs=bool(get("logprobs")),
        top_logprobs=get("top_logprobs") or 0,
        tools=tools,
        tool_choice=tool_choice,
        parallel_tool_calls=get("parallel_tool_calls") is not False,
        response_format=rf,
        prediction=prediction,
        reasoning_effort=effort,
    )
    return ChatRequest(
        call=call,
        messages=messages,
        stream=bool(get("stream")),
        include_usage=include_usage,
        include_obfuscation=include_obfuscation,
        store=bool(get("store")),
        metadata=metadata,
        service_tier=_TIER_ANSWERED.get(tier, tier),
    )
