"""Fine-tuning with the SDK: upload examples as JSONL, start a job, poll it to the end, then
use (and finally delete) the model it made."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from openai import OpenAI
from openai.types.fine_tuning import FineTuningJob

FINAL = ("succeeded", "failed", "cancelled")


def to_jsonl(examples: Iterable[Mapping[str, Any]]) -> bytes:
    """One JSON object per line, the format a ``fine-tune`` file must have."""
    return b"".join(json.dumps(example).encode() + b"\n" for example in examples)


def start(
    client: OpenAI,
    examples: Iterable[Mapping[str, Any]],
    *,
    model: str = "gpt-4o-mini",
    suffix: str | None = None,
) -> FineTuningJob:
    training = client.files.create(file=("train.jsonl", to_jsonl(examples)), purpose="fine-tune")
    if suffix is None:
        return client.fine_tuning.jobs.create(model=model, training_file=training.id)
    return client.fine_tuning.jobs.create(model=model, training_file=training.id, suffix=suffix)


def wait(
    client: OpenAI,
    job: FineTuningJob,
    *,
    every: float = 30.0,
    sleep: Callable[[float], None] = time.sleep,
) -> list[FineTuningJob]:
    """Retrieve the job until it ends: each answer, in order (the last is final)."""
    seen = [job]
    while seen[-1].status not in FINAL:
        sleep(every)
        seen.append(client.fine_tuning.jobs.retrieve(job.id))
    return seen


def ask(client: OpenAI, model: str, question: str) -> str:
    answer = client.chat.completions.create(
        model=model, messages=[{"role": "user", "content": question}]
    )
    return answer.choices[0].message.content or ""


def forget(client: OpenAI, model: str) -> bool:
    """Delete a fine-tuned model; whether the API says it is gone."""
    return client.models.delete(model).deleted
