"""Training files and shape checks shared by the fine-tuning tests."""

from __future__ import annotations

import json
from typing import Any

from openai.types.fine_tuning import FineTuningJob, FineTuningJobEvent
from openai.types.fine_tuning.jobs import FineTuningJobCheckpoint

from tests.schema_check import validate_openapi, validate_sdk


def chat_lines(n: int = 10) -> bytes:
    """``n`` supervised examples in the chat format."""
    return b"".join(
        json.dumps(
            {
                "messages": [
                    {"role": "system", "content": "You answer in French."},
                    {"role": "user", "content": f"Say {i}."},
                    {"role": "assistant", "content": f"Je dis {i}."},
                ]
            }
        ).encode()
        + b"\n"
        for i in range(n)
    )


def dpo_lines(n: int = 10) -> bytes:
    return b"".join(
        json.dumps(
            {
                "input": {"messages": [{"role": "user", "content": f"Hello {i}"}]},
                "preferred_output": [{"role": "assistant", "content": "Bonjour!"}],
                "non_preferred_output": [{"role": "assistant", "content": "Hi."}],
            }
        ).encode()
        + b"\n"
        for i in range(n)
    )


def upload(http: Any, data: bytes, purpose: str = "fine-tune", name: str = "train.jsonl") -> str:
    made = http.post(
        "/v1/files", files={"file": (name, data, "application/jsonl")}, data={"purpose": purpose}
    )
    assert made.status_code == 200, made.text
    file_id: str = made.json()["id"]
    return file_id


def check_job(data: dict[str, Any]) -> None:
    """A job against the SDK type and the spec (``paused`` is newer than both: it is checked
    as the running job it stands for)."""
    shown = dict(data, status="running") if data["status"] == "paused" else data
    validate_sdk(FineTuningJob, shown)
    validate_openapi("FineTuningJob", shown)


def check_event(data: dict[str, Any]) -> None:
    validate_sdk(FineTuningJobEvent, data)
    # The spec types ``data`` as an object; the API sends null for a message event (as the
    # spec's own example shows).
    validate_openapi("FineTuningJobEvent", {k: v for k, v in data.items() if v is not None})


def check_checkpoint(data: dict[str, Any]) -> None:
    validate_sdk(FineTuningJobCheckpoint, data)
    validate_openapi("FineTuningJobCheckpoint", data)
