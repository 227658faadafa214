"""The shared validators accept the golden real-API samples and reject broken copies of them."""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import pytest
from openai.types import CreateEmbeddingResponse
from openai.types.chat import ChatCompletion, ChatCompletionChunk

from conformance import golden, schemas, sse

SPEC = Path(__file__).resolve().parents[3] / "shared" / "openapi" / "openapi.yaml"
SAMPLES = {s.name: s for s in golden.bodies()}
STREAMS = golden.streams()


@pytest.fixture
def spec_env(monkeypatch: pytest.MonkeyPatch) -> None:
    path = os.environ.get(schemas.SPEC_ENV) or (str(SPEC) if SPEC.is_file() else "")
    if not path or not os.path.isfile(path):
        pytest.skip("no OpenAPI spec (set OPENAI_OPENAPI_SPEC)")
    monkeypatch.setenv(schemas.SPEC_ENV, path)


def chat() -> dict[str, Any]:
    return copy.deepcopy(SAMPLES["chat_completion_reference"].body)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_golden_bodies_pass_the_sdk_check(name: str) -> None:
    sample = SAMPLES[name]
    schemas.validate_sdk(sample.sdk_type, sample.body)


@pytest.mark.parametrize(("name", "text", "sdk", "component"), STREAMS, ids=[s[0] for s in STREAMS])
def test_golden_stream_chunks_pass_the_sdk_check(
    name: str, text: str, sdk: str, component: str | None
) -> None:
    chunks = sse.json_payloads(sse.parse(text))
    assert len(chunks) >= 3
    for chunk in chunks:
        schemas.validate_sdk(golden.resolve(sdk), chunk)


@pytest.mark.parametrize("name", sorted(n for n, s in SAMPLES.items() if s.openapi), ids=str)
def test_golden_bodies_pass_the_openapi_check(spec_env: None, name: str) -> None:
    sample = SAMPLES[name]
    assert sample.openapi is not None
    assert schemas.validate_openapi(sample.openapi, sample.body) is True


def test_golden_chat_stream_passes_the_openapi_check(spec_env: None) -> None:
    for name, text, _, component in STREAMS:
        if component is None:
            continue
        for chunk in sse.json_payloads(sse.parse(text)):
            assert schemas.validate_openapi(component, chunk), name


@pytest.mark.parametrize(
    ("mutate", "needle"),
    [
        (lambda d: d.pop("usage"), "usage"),
        (lambda d: d.update(created="1741569952"), "created"),
        (lambda d: d.update(created=1.5), "created"),
        (lambda d: d["choices"][0]["message"].update(role="bot"), "role"),
        (lambda d: d.update(surprise=1), "surprise"),
        (lambda d: d["usage"]["completion_tokens_details"].update(bogus=0), "bogus"),
        (lambda d: d["choices"][0]["message"].pop("role"), "role"),
        (lambda d: d["choices"][0].pop("logprobs"), "logprobs"),
        (lambda d: d["usage"].update(total_tokens=None), "total_tokens"),
    ],
    ids=[
        "missing-usage",
        "string-for-int",
        "float-for-int",
        "bad-enum",
        "extra-top-level-key",
        "extra-nested-key",
        "missing-required",
        "missing-always-sent-null",
        "null-for-int",
    ],
)
def test_sdk_check_rejects_broken_bodies(mutate: Any, needle: str) -> None:
    body = chat()
    schemas.validate_sdk(ChatCompletion, body)
    mutate(body)
    with pytest.raises(schemas.ShapeError, match=needle):
        schemas.validate_sdk(ChatCompletion, body)


def test_sdk_check_names_the_path_of_an_unknown_key() -> None:
    body = chat()
    body["choices"][0]["message"]["extra_field"] = True
    with pytest.raises(AssertionError, match=r"\$\.choices\[0\]\.message: unknown key"):
        schemas.validate_sdk(ChatCompletion, body)


def test_allow_extra_and_require_options() -> None:
    chunk = golden.stream_chunks("chat_stream")[1]
    schemas.validate_sdk(ChatCompletionChunk, {**chunk, "obfuscation": "x"})  # declared
    with pytest.raises(schemas.ShapeError, match="newer"):
        schemas.validate_sdk(ChatCompletionChunk, {**chunk, "newer": 1})
    schemas.validate_sdk(ChatCompletionChunk, {**chunk, "newer": 1}, allow_extra=["newer"])
    with pytest.raises(schemas.ShapeError, match="usage"):
        schemas.validate_sdk(ChatCompletionChunk, chunk, require=["usage"])


def test_sdk_check_rejects_a_string_embedding() -> None:
    body = copy.deepcopy(SAMPLES["embedding"].body)
    body["data"][0]["embedding"] = "AAAA"
    with pytest.raises(schemas.ShapeError, match="embedding"):
        schemas.validate_sdk(CreateEmbeddingResponse, body)


@pytest.mark.parametrize(
    ("mutate", "needle"),
    [
        (lambda d: d["choices"][0]["message"].pop("refusal"), "refusal"),
        (lambda d: d.update(created="soon"), "created"),
        (lambda d: d.update(object="chat.completions"), "object"),
        (lambda d: d["choices"][0].update(finish_reason="done"), "finish_reason"),
    ],
    ids=["missing-required", "wrong-type", "wrong-const", "bad-enum"],
)
def test_openapi_check_rejects_broken_bodies(spec_env: None, mutate: Any, needle: str) -> None:
    body = chat()
    mutate(body)
    with pytest.raises(schemas.ShapeError, match=needle):
        schemas.validate_openapi("CreateChatCompletionResponse", body)


def test_openapi_check_is_a_no_op_without_a_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(schemas.SPEC_ENV, raising=False)
    assert schemas.load_spec() is None
    assert schemas.validate_openapi("CreateChatCompletionResponse", {"not": "valid"}) is False
    monkeypatch.setenv(schemas.SPEC_ENV, "/nonexistent/openapi.yaml")
    assert schemas.validate_openapi("CreateChatCompletionResponse", {"not": "valid"}) is False


def test_unknown_component_is_reported(spec_env: None) -> None:
    with pytest.raises(KeyError, match="NoSuchComponent"):
        schemas.validate_openapi("NoSuchComponent", {})


def test_spec_is_loaded_once(spec_env: None) -> None:
    assert schemas.load_spec() is schemas.load_spec()


def test_quirk_rewrites() -> None:
    rewritten = schemas.spec_rewritten_copy(
        {
            "type": "object",
            "discriminator": {"propertyName": "type"},
            "x-oaiMeta": {"name": "x"},
            "properties": {
                "a": {"type": "string", "nullable": True},
                "n": {"type": "number", "minimum": 0, "exclusiveMinimum": True},
                "t": {"type": "integer", "format": "unixtime"},
                "f": {"$recursiveRef": "#"},
                "o": {"oneOf": [{"type": "string"}, {"type": "string", "enum": ["x"]}]},
                "nullable": {"type": "boolean"},
            },
        },
        "Filter",
    )
    props = rewritten["properties"]
    assert "discriminator" not in rewritten and "x-oaiMeta" not in rewritten
    assert props["a"] == {"anyOf": [{"type": "string"}, {"type": "null"}]}
    assert props["n"] == {"type": "number", "exclusiveMinimum": 0}
    assert props["t"] == {"type": "integer"}
    assert props["f"] == {"$ref": "#/components/schemas/Filter"}
    assert props["o"] == {"anyOf": [{"type": "string"}, {"type": "string", "enum": ["x"]}]}
    assert props["nullable"] == {"type": "boolean"}  # a property name, not the keyword


def test_spec_quirks_are_gone_after_loading(spec_env: None) -> None:
    spec = schemas.load_spec()
    assert spec is not None
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("nullable") is True or isinstance(node.get("exclusiveMinimum"), bool):
                found.append(str(node)[:80])
            if "$recursiveRef" in node:
                found.append("$recursiveRef")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec["components"]["schemas"])
    assert found == []
