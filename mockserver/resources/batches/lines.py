"""A batch input file read as the real API validates it: every line a request
``{custom_id, method, url, body}`` for the batch's endpoint, one model throughout. The result is
either the requests or every line's problem (the batch then fails with them as ``errors``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson

from . import errors

# The real API reads these four keys of each line, in this order.
LINE_KEYS = ("custom_id", "method", "url", "body")
# What the streaming error calls each endpoint's API.
API_NAMES = {
    "/v1/chat/completions": "Chat Completions",
    "/v1/completions": "Completions",
    "/v1/responses": "Responses",
}
# What a line's body must name besides the model (the real API's check at validation).
REQUIRED_BODY = {"/v1/chat/completions": ("messages",)}
# Endpoints whose requests may leave the model out (the endpoint's default is used).
MODEL_OPTIONAL = frozenset({"/v1/moderations"})


@dataclass(frozen=True)
class LineRequest:
    line: int
    custom_id: str
    url: str
    body: dict[str, Any]


@dataclass(frozen=True)
class Parsed:
    requests: tuple[LineRequest, ...]
    errors: tuple[dict[str, Any], ...]
    model: str | None  # the batch's one model (the first line's)


def split_lines(data: bytes) -> list[bytes]:
    """The file's lines; a final newline ends the last line, and blank lines are skipped."""
    return [line for line in data.split(b"\n") if line.strip()]


def _problem(
    number: int, line: dict[str, Any], endpoint: str, seen: set[str]
) -> dict[str, Any] | None:
    for key in LINE_KEYS:
        if line.get(key) is None:
            return errors.missing(number, key)
    if line["method"] != "POST":
        return errors.invalid_method(number, line["method"])
    if line["url"] != endpoint:
        return errors.invalid_url(number)
    if not isinstance(line["custom_id"], str):
        return errors.invalid_type(number, "custom_id", "a string", line["custom_id"])
    if line["custom_id"] in seen:
        return errors.duplicate_custom_id(number)
    body = line["body"]
    if not isinstance(body, dict):
        return errors.body_parameter_required(number, "body")
    if body.get("stream") is True and endpoint in API_NAMES:
        return errors.streaming_unsupported(number, API_NAMES[endpoint])
    if body.get("model") is None and endpoint not in MODEL_OPTIONAL:
        return errors.body_parameter_required(number, "model")
    for name in REQUIRED_BODY.get(endpoint, ()):
        if body.get(name) is None:
            return errors.body_parameter_required(number, name)
    return None


def parse(data: bytes, endpoint: str, *, supported: Callable[[object], bool]) -> Parsed:
    """Read ``data``; ``supported(model)`` says whether a model can run in a batch."""
    requests: list[LineRequest] = []
    problems: list[dict[str, Any]] = []
    seen: set[str] = set()
    model: str | None = None
    lines = split_lines(data)
    if not lines:
        return Parsed((), (errors.empty_file(),), None)
    for number, raw in enumerate(lines, start=1):
        try:
            line = orjson.loads(raw)
        except orjson.JSONDecodeError:
            line = None
        if not isinstance(line, dict):
            problems.append(errors.invalid_json(number))
            continue
        problem = _problem(number, line, endpoint, seen)
        body = line.get("body")
        asked = body.get("model") if isinstance(body, dict) else None
        if problem is None and asked is not None:
            if not supported(asked):
                problem = errors.model_not_supported(number, asked)
            elif model is not None and asked != model:
                problem = errors.mismatched_model(number, str(asked), model)
        if problem is not None:
            problems.append(problem)
            continue
        seen.add(line["custom_id"])
        model = model if model is not None or asked is None else str(asked)
        requests.append(LineRequest(number, line["custom_id"], line["url"], line["body"]))
    return Parsed(tuple(requests), tuple(problems), model)
