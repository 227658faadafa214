"""Checking a chat completion request the way the real API does, in its order, and reading it
into a ``ChatRequest`` that the reply builder works from."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import tokens
from ..catalogue import Model
from ..http import errors
from ..validation import Param, check, check_value, param
from . import errors as chat_errors
from . import tool_prompt
from .strict_schema import strict_schema_error

ROLES = ("system", "assistant", "user", "function", "tool", "developer")
USER_PARTS = ("text", "image_url", "input_audio", "file")
ASSISTANT_PARTS = ("text", "refusal")
SERVICE_TIERS = ("auto", "default", "flex", "scale", "priority", "fast")
REASONING_EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh")
RESPONSE_FORMATS = ("text", "json_object", "json_schema")
TOOL_TYPES = ("function", "custom")
NAME_RE = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
DATA_IMAGE_RE = re.compile(r"^data:(image/(?:png|jpeg|jpg|gif|webp));base64,", re.IGNORECASE)
METADATA_MAX_PAIRS = 16

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
    "seed": param("integer"),
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


@dataclass(frozen=True)
class ChatRequest:
    """A checked request: everything a reply depends on, already read and defaulted."""

    body: Mapping[str, Any]
    model: Model
    messages: list[dict[str, Any]]
    seed: int
    n: int = 1
    limit: int | None = None  # max_completion_tokens / max_tokens as given
    budget: int = 0  # tokens the reply may use: limit, model cap and context window
    stop: list[str] = field(default_factory=list)
    logprobs: bool = False
    top_logprobs: int = 0
    tools: list[dict[str, Any]] = field(default_factory=list)
    tool_choice: Any = None
    parallel_tool_calls: bool = True
    response_format: Mapping[str, Any] | None = None
    stream: bool = False
    include_usage: bool = False
    include_obfuscation: bool = True
    store: bool = False
    metadata: dict[str, str] | None = None
    service_tier: str = "default"
    prediction: str | None = None
    prompt_tokens: int = 0

    @property
    def encoding(self) -> str:
        return self.model.encoding

    @property
    def function_tools(self) -> list[dict[str, Any]]:
        return [t for t in self.tools if t.get("type") == "function"]


def required(where: str, value: Any, spec: Param) -> None:
    """A nested value that must be present, then of the right kind."""
    if value is None:
        raise errors.missing_parameter(where)
    check_value(where, spec, value)


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
    # The URL is only looked at, never fetched: the mock stays offline.
    if url.startswith("data:"):
        if not DATA_IMAGE_RE.match(url):
            mime = url[5:].split(";", 1)[0].split(",", 1)[0]
            raise errors.invalid_value(
                f"{where}.url",
                f"Invalid '{where}.url'. Expected a base64-encoded data URL with an image MIME "
                "type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got unsupported "
                f"MIME type '{mime}'.",
            )
    elif not re.match(r"^https?://[^\s/]+", url):
        raise errors.invalid_value(
            f"{where}.url",
            f"Invalid '{where}.url'. Expected a valid URL, but got a value with an invalid format.",
        )


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
        check_value(f"messages[{i}].role", param("string", enum=ROLES), role)
        if model.family == "o1-mini" and role in ("system", "developer"):
            raise errors.APIError(
                400,
                f"Unsupported value: 'messages[{i}].role' does not support '{role}' with this "
                "model.",
                param=f"messages[{i}].role",
                code="unsupported_value",
            )
        content = message.get("content")
        has_calls = bool(message.get("tool_calls")) or message.get("function_call") is not None
        if content is None and not (role == "assistant" and has_calls):
            raise errors.missing_parameter(f"messages[{i}].content")
        if content is not None:
            check_value(f"messages[{i}].content", param("string", "array"), content)
            if isinstance(content, list):
                for j, part in enumerate(content):
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


# --- tools, tool_choice, response_format ----------------------------------------------------


def check_tools(tools: list[Any]) -> list[dict[str, Any]]:
    for i, tool in enumerate(tools):
        where = f"tools[{i}]"
        check_value(where, param("object"), tool)
        kind = tool.get("type")
        if kind is None:
            raise errors.missing_parameter(f"{where}.type")
        check_value(f"{where}.type", param("string", enum=TOOL_TYPES), kind)
        if kind == "custom":
            custom = tool.get("custom")
            if custom is None:
                raise errors.missing_parameter(f"{where}.custom")
            check_value(f"{where}.custom", param("object"), custom)
            _check_name(f"{where}.custom.name", custom.get("name"))
            continue
        fn = tool.get("function")
        if fn is None:
            raise errors.missing_parameter(f"{where}.function")
        check_value(f"{where}.function", param("object"), fn)
        _check_name(f"{where}.function.name", fn.get("name"))
        if fn.get("description") is not None:
            check_value(f"{where}.function.description", param("string"), fn["description"])
        schema = fn.get("parameters")
        if schema is not None:
            check_value(f"{where}.function.parameters", param("object"), schema)
        if fn.get("strict") is not None:
            check_value(f"{where}.function.strict", param("boolean"), fn["strict"])
        if fn.get("strict") is True:
            problem = strict_schema_error(
                schema if schema is not None else {"type": "object", "properties": {}},
                fn["name"],
                kind="function",
            )
            if problem:
                raise chat_errors.invalid_schema(
                    problem, f"{where}.function.parameters", "invalid_function_parameters"
                )
    return list(tools)


def _check_name(where: str, name: Any) -> None:
    if name is None:
        raise errors.missing_parameter(where)
    check_value(where, param("string"), name)
    if not NAME_RE.match(name):
        raise errors.invalid_value(
            where,
            f"Invalid '{where}': string does not match pattern. Expected a string that matches "
            "the pattern '^[a-zA-Z0-9_-]+$'.",
        )


def _tool_names(tools: list[dict[str, Any]]) -> set[str]:
    names = set()
    for tool in tools:
        inner = tool.get("function") or tool.get("custom") or {}
        names.add(str(inner.get("name")))
    return names


def check_tool_choice(choice: Any, tools: list[dict[str, Any]]) -> Any:
    if choice is None:
        return "auto" if tools else "none"
    if not tools and choice != "none":
        raise chat_errors.only_with_tools("tool_choice")
    if isinstance(choice, str):
        check_value("tool_choice", param("string", enum=("none", "auto", "required")), choice)
        return choice
    kind = choice.get("type")
    if kind is None:
        raise errors.missing_parameter("tool_choice.type")
    check_value(
        "tool_choice.type", param("string", enum=("function", "custom", "allowed_tools")), kind
    )
    if kind == "allowed_tools":
        allowed = choice.get("allowed_tools")
        if allowed is None:
            raise errors.missing_parameter("tool_choice.allowed_tools")
        check_value("tool_choice.allowed_tools", param("object"), allowed)
        mode = param("string", enum=("auto", "required"))
        required("tool_choice.allowed_tools.mode", allowed.get("mode"), mode)
        return choice
    inner = choice.get(kind)
    if inner is None:
        raise errors.missing_parameter(f"tool_choice.{kind}")
    check_value(f"tool_choice.{kind}", param("object"), inner)
    name = inner.get("name")
    if name is None:
        raise errors.missing_parameter(f"tool_choice.{kind}.name")
    check_value(f"tool_choice.{kind}.name", param("string"), name)
    if name not in _tool_names(tools):
        raise chat_errors.tool_choice_not_found(name)
    return choice


def _message_text(message: Mapping[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return ""


def check_response_format(rf: Mapping[str, Any], model: Model, messages: list[Any]) -> None:
    kind = rf.get("type")
    if kind is None:
        raise errors.missing_parameter("response_format.type")
    check_value("response_format.type", param("string", enum=RESPONSE_FORMATS), kind)
    if kind == "json_object":
        if model.family in ("gpt-4", "o1-mini"):
            raise chat_errors.response_format_not_supported("json_object")
        if not any("json" in _message_text(m).lower() for m in messages):
            raise chat_errors.json_word_missing()
    elif kind == "json_schema":
        if not model.feature("structured_outputs"):
            raise chat_errors.response_format_not_supported("json_schema")
        spec = rf.get("json_schema")
        if spec is None:
            raise errors.missing_parameter("response_format.json_schema")
        check_value("response_format.json_schema", param("object"), spec)
        _check_name("response_format.json_schema.name", spec.get("name"))
        schema = spec.get("schema")
        if schema is not None:
            check_value("response_format.json_schema.schema", param("object"), schema)
        strict = spec.get("strict")
        if strict is not None:
            check_value("response_format.json_schema.strict", param("boolean"), strict)
        if strict is True:
            problem = strict_schema_error(schema or {}, spec["name"])
            if problem:
                raise chat_errors.invalid_schema(problem, "response_format", None)


# --- everything else -------------------------------------------------------------------------


def _check_reasoning_limits(body: Mapping[str, Any], model: Model) -> None:
    if model.is_reasoning:
        if body.get("max_tokens") is not None:
            raise chat_errors.max_tokens_on_reasoning_model()
        for name, default in (("temperature", 1), ("top_p", 1)):
            value = body.get(name)
            if value is not None and value != default:
                raise chat_errors.unsupported_default_only(name, value, str(default))
        for name in ("presence_penalty", "frequency_penalty"):
            value = body.get(name)
            if value is not None and value != 0:
                raise chat_errors.unsupported_default_only(name, value, "0")
        for name in ("logprobs", "top_logprobs"):
            if body.get(name) is not None:
                raise chat_errors.unsupported_parameter(name)
    elif body.get("reasoning_effort") is not None:
        raise chat_errors.unsupported_parameter("reasoning_effort")


def _check_logit_bias(bias: Mapping[str, Any]) -> None:
    for key, value in bias.items():
        if not key.lstrip("-").isdigit():
            raise errors.invalid_value(
                "logit_bias",
                f"Invalid key in 'logit_bias': {key}. Keys must be token IDs given as strings.",
            )
        check_value(f"logit_bias.{key}", param("number", minimum=-100, maximum=100), value)


def check_metadata(metadata: Mapping[str, Any]) -> dict[str, str]:
    if len(metadata) > METADATA_MAX_PAIRS:
        raise errors.invalid_value(
            "metadata",
            f"Invalid 'metadata': too many properties. Expected an object with at most "
            f"{METADATA_MAX_PAIRS} properties, but got an object with {len(metadata)} "
            "properties instead.",
            code="object_above_max_properties",
        )
    for key, value in metadata.items():
        if len(key) > 64:
            raise errors.invalid_value(
                "metadata",
                f"Invalid 'metadata': key too long. Expected a key with maximum length 64, "
                f"but got a key with length {len(key)} instead.",
                code="string_above_max_length",
            )
        check_value(f"metadata.{key}", param("string"), value)
        if len(value) > 512:
            raise errors.invalid_value(
                f"metadata.{key}",
                f"Invalid 'metadata.{key}': string too long. Expected a string with maximum "
                f"length 512, but got a string with length {len(value)} instead.",
                code="string_above_max_length",
            )
    return dict(metadata)


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
        raise chat_errors.only_with("stream_options", "stream")
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
    return _message_text({"content": content})


def _format_tokens(rf: Mapping[str, Any] | None, encoding: str) -> int:
    if not rf or rf.get("type") != "json_schema":
        return 0
    schema = (rf.get("json_schema") or {}).get("schema") or {}
    return tokens.count(json.dumps(schema, separators=(",", ":"), sort_keys=True), encoding)


def parse(body: Mapping[str, Any], model: Model, default_seed: int) -> ChatRequest:
    """Check ``body`` (whose ``model`` resolved to ``model``) and read it."""
    check(body, SPEC)
    _check_reasoning_limits(body, model)
    messages = body["messages"]
    check_messages(messages, model)
    tools = check_tools(body.get("tools") or [])
    if tools and not model.feature("tools"):
        raise chat_errors.tools_not_supported()
    tool_choice = check_tool_choice(body.get("tool_choice"), tools)
    if body.get("parallel_tool_calls") is not None and not tools:
        raise chat_errors.only_with_tools("parallel_tool_calls")
    rf = body.get("response_format")
    if rf is not None:
        check_response_format(rf, model, messages)
    if body.get("logit_bias") is not None:
        _check_logit_bias(body["logit_bias"])
    metadata = check_metadata(body["metadata"]) if body.get("metadata") is not None else None
    if body.get("top_logprobs") is not None and not body.get("logprobs"):
        raise chat_errors.only_with("top_logprobs", "logprobs")
    include_usage, include_obfuscation = _stream_options(body)
    for k, modality in enumerate(body.get("modalities") or []):
        check_value(f"modalities[{k}]", param("string", enum=("text", "audio")), modality)
    prediction = _prediction_text(body.get("prediction"))
    stop = _stop_list(body.get("stop"))

    prompt_tokens = (
        tokens.count_chat_messages(messages, model.encoding)
        + tool_prompt.prompt_tokens(tools, messages, body.get("tool_choice"), model.encoding)
        + _format_tokens(rf, model.encoding)
    )
    limit_param = "max_completion_tokens" if body.get("max_completion_tokens") else "max_tokens"
    limit: int | None = body.get("max_completion_tokens") or body.get("max_tokens")
    if limit is not None and limit > model.max_output_tokens:
        raise chat_errors.max_tokens_too_large(limit_param, limit, model.max_output_tokens)
    window = model.context_window
    if prompt_tokens + (limit or 0) > window:
        raise chat_errors.context_length_exceeded(window, prompt_tokens, limit)
    budget = min(limit or model.max_output_tokens, window - prompt_tokens)

    tier = body.get("service_tier") or "auto"
    return ChatRequest(
        body=body,
        model=model,
        messages=messages,
        seed=body["seed"] if body.get("seed") is not None else default_seed,
        n=body.get("n") or 1,
        limit=limit,
        budget=budget,
        stop=stop,
        logprobs=bool(body.get("logprobs")),
        top_logprobs=body.get("top_logprobs") or 0,
        tools=tools,
        tool_choice=tool_choice,
        parallel_tool_calls=body.get("parallel_tool_calls") is not False,
        response_format=rf,
        stream=bool(body.get("stream")),
        include_usage=include_usage,
        include_obfuscation=include_obfuscation,
        store=bool(body.get("store")),
        metadata=metadata,
        service_tier={"auto": "default", "fast": "priority"}.get(tier, tier),
        prediction=prediction,
        prompt_tokens=prompt_tokens,
    )
