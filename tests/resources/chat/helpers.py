"""Helpers shared by the chat handler tests: reading a raw SSE body, validating bodies/chunks."""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any

from openai.types.chat import ChatCompletion, ChatCompletionChunk

from mockserver.fixtures import fixtures_dir
from mockserver.llm.messages import Conversation
from mockserver.llm.prompt_tokens import count_messages
from tests.schema_check import validate_sdk

FIXTURES = fixtures_dir()

WEATHER_TOOL = json.loads(
    (FIXTURES / "seed" / "get_current_weather.json").read_text(encoding="utf-8")
)


def sse_chunks(raw: str) -> list[dict[str, Any]]:
    """The JSON chunks of a data-only SSE body, checking its framing on the way."""
    assert raw.endswith("data: [DONE]\n\n"), raw[-200:]
    frames = raw.split("\n\n")
    assert frames[-1] == ""
    assert frames[-2] == "data: [DONE]"
    chunks = []
    for frame in frames[:-2]:
        assert frame.startswith("data: "), frame
        assert "\n" not in frame, "one data line per event, no event: lines"
        chunks.append(json.loads(frame[len("data: ") :]))
    return chunks


def _nullable_to_anyof(node: Any) -> Any:
    """OpenAPI 3.0's ``nullable: true`` as Draft 2020-12 understands it (spec NOTES, quirk 1)."""
    if isinstance(node, list):
        return [_nullable_to_anyof(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _nullable_to_anyof(v) for k, v in node.items() if k != "nullable"}
    if node.get("nullable") is True:
        return {"anyOf": [out, {"type": "null"}]}
    return out


@cache
def _spec() -> dict[str, Any] | None:
    path = os.environ.get("OPENAI_OPENAPI_SPEC")
    if not path or not os.path.exists(path):
        return None
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, encoding="utf-8") as f:
        spec: dict[str, Any] = _nullable_to_anyof(yaml.load(f, Loader=loader))
    return spec


@cache
def _openapi_validator(component: str) -> Any:
    spec = _spec()
    if spec is None:
        return None
    import jsonschema

    # Only the components are needed for $ref resolution; the paths are most of the file.
    root = {"components": spec["components"], "$ref": f"#/components/schemas/{component}"}
    return jsonschema.Draft202012Validator(root)


def validate_openapi(component: str, data: Any) -> None:
    """Against the OpenAPI component: the shared validator when there is one, else locally
    (skipped when ``OPENAI_OPENAPI_SPEC`` is unset)."""
    try:
        from conformance.schemas import validate_openapi as shared
    except ImportError:
        validator = _openapi_validator(component)
        if validator is not None:
            validator.validate(data)
    else:
        shared(component, data)


def check_completion(body: dict[str, Any]) -> None:
    validate_sdk(ChatCompletion, body)
    validate_openapi("CreateChatCompletionResponse", body)


def check_chunk(chunk: dict[str, Any]) -> None:
    validate_sdk(ChatCompletionChunk, chunk)
    validate_openapi("CreateChatCompletionStreamResponse", chunk)


def prompt_tokens(messages: Any, encoding: str) -> int:
    """The prompt tokens of raw chat messages, by the mock's own counting rules."""
    return count_messages(Conversation.of(messages).messages, encoding)
