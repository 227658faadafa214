"""The Batch API: many requests sent as one JSONL file, answered later, at half the price.

``run_batch`` uploads the requests, creates the batch, polls it until it is final and reads its
output and error files back, keyed by ``custom_id`` (the files' lines come in any order).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openai import OpenAI
from openai.types import Batch

FINAL = ("completed", "failed", "expired", "cancelled")
CHAT = "/v1/chat/completions"


@dataclass(frozen=True)
class BatchResult:
    batch: Batch
    responses: dict[str, dict[str, Any]]  # custom_id -> {status_code, request_id, body}
    polls: int

    def body(self, custom_id: str) -> Any:
        return self.responses[custom_id]["body"]


def to_jsonl(requests: Mapping[str, Mapping[str, Any]], endpoint: str = CHAT) -> bytes:
    """One line per request: ``{custom_id, method, url, body}``."""
    lines = (
        {"custom_id": custom_id, "method": "POST", "url": endpoint, "body": dict(body)}
        for custom_id, body in requests.items()
    )
    return b"".join(json.dumps(line).encode() + b"\n" for line in lines)


def read_lines(client: OpenAI, file_id: str | None) -> list[dict[str, Any]]:
    if file_id is None:
        return []
    data = client.files.content(file_id).content
    return [json.loads(line) for line in data.splitlines() if line.strip()]


def wait(
    client: OpenAI, batch_id: str, *, every: float, sleep: Callable[[float], None], limit: int
) -> tuple[Batch, int]:
    for polls in range(1, limit + 1):
        batch = client.batches.retrieve(batch_id)
        if batch.status in FINAL:
            return batch, polls
        sleep(every)
    raise TimeoutError(f"batch {batch_id} is not final after {limit} polls")


def run_batch(
    client: OpenAI,
    requests: Mapping[str, Mapping[str, Any]],
    *,
    endpoint: str = CHAT,
    every: float = 10.0,
    sleep: Callable[[float], None] = time.sleep,
    limit: int = 8640,
    metadata: dict[str, str] | None = None,
) -> BatchResult:
    """Run ``requests`` (custom_id -> request body) as one batch and wait for its answers."""
    upload = client.files.create(
        file=("batch.jsonl", to_jsonl(requests, endpoint)), purpose="batch"
    )
    created = client.batches.create(
        input_file_id=upload.id,
        endpoint=endpoint,  # type: ignore[arg-type]  # one of the SDK's literals, as a str
        completion_window="24h",
        metadata=metadata,
    )
    batch, polls = wait(client, created.id, every=every, sleep=sleep, limit=limit)
    lines = read_lines(client, batch.output_file_id) + read_lines(client, batch.error_file_id)
    return BatchResult(batch, {line["custom_id"]: line["response"] for line in lines}, polls)


def chat_requests(
    questions: Sequence[str], *, model: str = "gpt-4o-mini", max_tokens: int = 40
) -> dict[str, dict[str, Any]]:
    """One chat request per question, ``request-0``, ``request-1``, ..."""
    return {
        f"request-{i}": {
            "model": model,
            "messages": [{"role": "user", "content": question}],
            "max_tokens": max_tokens,
        }
        for i, question in enumerate(questions)
    }


if __name__ == "__main__":  # pragma: no cover - a script against the server OPENAI_* names
    result = run_batch(OpenAI(), chat_requests([f"What is {i} + {i}?" for i in range(100)]))
    print(result.batch.status, result.batch.request_counts, f"after {result.polls} polls")
