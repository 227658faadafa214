"""Each request of a batch answered by the app itself: an ASGI call into the same app, through
the same middleware and handlers as a request over HTTP, so a line's ``response`` (status code,
request id, body) is what the endpoint answers when asked directly. Nothing is sent over a
network; the lines run one after another, in file order, so ids and outputs are deterministic."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson
from starlette.types import ASGIApp, Message

from ...http.render import JSON_TYPE
from .lines import LineRequest


@dataclass(frozen=True)
class Answer:
    status: int
    request_id: str
    body: Any


@dataclass
class Outcome:
    """What the lines produced: the output file's lines, the error file's, and the totals."""

    output: list[bytes] = field(default_factory=list)
    failed: list[bytes] = field(default_factory=list)
    usage: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            ("input_tokens", "cached_tokens", "output_tokens", "reasoning_tokens"), 0
        )
    )

    def add_usage(self, body: Any) -> None:
        usage = body.get("usage") if isinstance(body, dict) else None
        if not isinstance(usage, dict):
            return  # moderations report none
        self.usage["input_tokens"] += usage.get("prompt_tokens", 0)
        self.usage["output_tokens"] += usage.get("completion_tokens", 0)
        prompt_details = usage.get("prompt_tokens_details") or {}
        completion_details = usage.get("completion_tokens_details") or {}
        self.usage["cached_tokens"] += prompt_details.get("cached_tokens", 0)
        self.usage["reasoning_tokens"] += completion_details.get("reasoning_tokens", 0)


async def call(app: ASGIApp, url: str, body: dict[str, Any], authorization: str) -> Answer:
    payload = orjson.dumps(body)
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": url,
        "raw_path": url.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [
            (b"content-type", JSON_TYPE.encode("latin-1")),
            (b"content-length", str(len(payload)).encode()),
            (b"authorization", authorization.encode("latin-1")),
        ],
        "client": None,
        "server": None,
    }
    sent = False
    status, headers, chunks = 0, [], []

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": payload, "more_body": False}

    async def send(message: Message) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status, headers = message["status"], message.get("headers", [])
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    request_id = next((v.decode() for k, v in headers if k == b"x-request-id"), "")
    return Answer(status, request_id, orjson.loads(b"".join(chunks) or b"null"))


def output_line(line_id: str, custom_id: str, answer: Answer) -> bytes:
    """One line of the output (or error) file, as the real API writes it."""
    record = {
        "id": line_id,
        "custom_id": custom_id,
        "response": {
            "status_code": answer.status,
            "request_id": answer.request_id,
            "body": answer.body,
        },
        "error": None,
    }
    return json.dumps(record, ensure_ascii=False).encode() + b"\n"


async def run(
    app: ASGIApp, requests: Iterable[LineRequest], authorization: str, new_id: Any
) -> Outcome:
    outcome = Outcome()
    for request in requests:
        answer = await call(app, request.url, request.body, authorization)
        line = output_line(new_id(), request.custom_id, answer)
        if 200 <= answer.status < 300:
            outcome.output.append(line)
            outcome.add_usage(answer.body)
        else:
            outcome.failed.append(line)
    return outcome
