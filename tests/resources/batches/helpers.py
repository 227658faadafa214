"""Batch input files and polling, for the batch tests."""

from __future__ import annotations

import json
from typing import Any

CHAT = "/v1/chat/completions"
MODEL = "gpt-4o-mini"


def chat_line(custom_id: str, text: str, *, model: str = MODEL, **extra: Any) -> dict[str, Any]:
    body = {"model": model, "messages": [{"role": "user", "content": text}], "max_tokens": 12}
    return {"custom_id": custom_id, "method": "POST", "url": CHAT, "body": {**body, **extra}}


def jsonl(lines: list[Any]) -> bytes:
    return b"".join(
        (line if isinstance(line, bytes) else json.dumps(line).encode()) + b"\n" for line in lines
    )


def upload_batch_file(client: Any, lines: list[Any], name: str = "input.jsonl") -> Any:
    return client.files.create(file=(name, jsonl(lines)), purpose="batch")


def poll(client: Any, batch_id: str, *, limit: int = 10) -> list[Any]:
    """Retrieve until the batch is final; every retrieve's answer, in order."""
    seen = []
    for _ in range(limit):
        batch = client.batches.retrieve(batch_id)
        seen.append(batch)
        if batch.status in ("completed", "failed", "expired", "cancelled"):
            return seen
    raise AssertionError(f"not final after {limit} retrieves: {[b.status for b in seen]}")


def file_lines(client: Any, file_id: str) -> list[dict[str, Any]]:
    data = client.files.content(file_id).content
    return [json.loads(line) for line in data.splitlines()]


def check_batch(data: dict[str, Any]) -> None:
    from openai.types import Batch

    from conformance.schemas import without_nulls
    from tests.schema_check import validate_openapi, validate_sdk

    validate_sdk(Batch, data)
    validate_openapi("Batch", without_nulls(data))
