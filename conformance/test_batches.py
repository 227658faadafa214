"""/v1/batches: a batch over an uploaded file, its shape at every step, the lifecycle's order,
the output and error files it writes (one line per input line, with the same ``custom_id``),
the line-level errors that fail a batch, and the 409 for cancelling a finished one.

Checks that wait for a batch to finish are costly against the real API (the lines are billed,
and a batch can take minutes to hours): they run there only with ``-m batches``. The mock moves
one step per retrieve, so there they end after a few requests; elsewhere they poll slowly."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from openai.types import Batch
from openai.types.chat import ChatCompletion

from . import checks, schemas
from .target import Target

ENDPOINT = "/v1/batches"
CHAT = "/v1/chat/completions"
FINAL = ("completed", "failed", "expired", "cancelled")
ORDER = ("validating", "in_progress", "finalizing", "completed")
# Keys the real API sends on every batch (null until they apply).
BATCH_KEYS = (
    "id", "object", "endpoint", "errors", "input_file_id", "completion_window", "status",
    "output_file_id", "error_file_id", "created_at", "in_progress_at", "expires_at",
    "finalizing_at", "completed_at", "failed_at", "expired_at", "cancelling_at", "cancelled_at",
    "request_counts", "metadata",
)  # fmt: skip
# Against anything but the mock: polls half a second apart at first, twice as long each time
# up to POLL_SECONDS, for up to WAIT_SECONDS.
FIRST_POLL_SECONDS = 0.5
POLL_SECONDS = 15.0
WAIT_SECONDS = 30 * 60.0
MOCK_POLLS = 20


def at(feature: str, **kwargs: Any) -> pytest.MarkDecorator:
    return pytest.mark.conformance(ENDPOINT, feature, **kwargs)


def batch_shape(response: Any) -> dict[str, Any]:
    data: dict[str, Any] = checks.expect_json(response, Batch, None, require=BATCH_KEYS)
    schemas.validate_openapi("Batch", schemas.without_nulls(data))
    assert data["object"] == "batch" and data["completion_window"] == "24h", data
    return data


def chat_line(target: Target, custom_id: str, text: str, **extra: Any) -> dict[str, Any]:
    body = {"model": target.models.chat, "messages": [{"role": "user", "content": text}],
            "max_tokens": 5, **extra}  # fmt: skip
    return {"custom_id": custom_id, "method": "POST", "url": CHAT, "body": body}


def upload(target: Target, lines: list[dict[str, Any]]) -> str:
    data = b"".join(json.dumps(line).encode() + b"\n" for line in lines)
    response = target.request(
        "POST", "/files", files={"file": ("batch.jsonl", data, "application/jsonl")},
        data={"purpose": "batch"},
    )  # fmt: skip
    assert response.status_code == 200, f"upload: {response.text[:300]}"
    file_id: str = response.json()["id"]
    return file_id


def create(target: Target, file_id: str, **fields: Any) -> dict[str, Any]:
    body = {"input_file_id": file_id, "endpoint": CHAT, "completion_window": "24h", **fields}
    return batch_shape(target.post("/batches", body))


def wait(target: Target, batch_id: str) -> list[dict[str, Any]]:
    """Retrieve until the batch is final: every answer, each checked for shape."""
    seen: list[dict[str, Any]] = []
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        seen.append(batch_shape(target.get(f"/batches/{batch_id}")))
        if seen[-1]["status"] in FINAL:
            return seen
        if target.is_mock:
            assert len(seen) < MOCK_POLLS, f"not final after {len(seen)} retrieves: {seen[-1]}"
        else:
            assert time.monotonic() < deadline, f"not final in {WAIT_SECONDS}s: {seen[-1]}"
            time.sleep(min(POLL_SECONDS, FIRST_POLL_SECONDS * 2 ** (len(seen) - 1)))


def file_lines(target: Target, file_id: str) -> list[dict[str, Any]]:
    response = target.get(f"/files/{file_id}/content")
    assert response.status_code == 200, f"content of {file_id}: {response.text[:200]}"
    return [json.loads(line) for line in response.content.splitlines() if line.strip()]


def delete_files(target: Target, *file_ids: str | None) -> None:
    for file_id in file_ids:
        if file_id:
            target.request("DELETE", f"/files/{file_id}")


@at("create, list, cancel", requests=6)
def test_create_list_and_cancel(target: Target) -> None:
    file_id = upload(target, [chat_line(target, "only", "Say hi")])
    try:
        made = create(target, file_id, metadata={"suite": "conformance"})
        assert made["status"] == "validating", made
        assert (made["input_file_id"], made["endpoint"]) == (file_id, CHAT), made
        assert made["metadata"] == {"suite": "conformance"}, made
        assert made["expires_at"] == made["created_at"] + 86_400, made
        listed = checks.expect_json(
            target.get("/batches", params={"limit": 5}), schemas.BatchList, None
        )
        schemas.validate_openapi("ListBatchesResponse", schemas.without_nulls(listed))
        assert made["id"] in [b["id"] for b in listed["data"]], "the new batch is not listed"
        cancelled = batch_shape(target.post(f"/batches/{made['id']}/cancel", None))
        assert cancelled["status"] in ("cancelling", "cancelled"), cancelled
        assert cancelled["cancelling_at"] is not None, cancelled
    finally:
        delete_files(target, file_id)


@at("lifecycle and files", requests=12)
@pytest.mark.batches
def test_batch_runs_to_completion(target: Target) -> None:
    lines = [
        chat_line(target, "first", "Say hi"),
        chat_line(target, "refused", "Say hi", temperature=3),  # the endpoint's own 400
        chat_line(target, "second", "Say bye"),
    ]
    file_id = upload(target, lines)
    made = create(target, file_id)
    seen = wait(target, made["id"])
    done = seen[-1]
    try:
        statuses = [b["status"] for b in [made, *seen]]
        assert statuses[-1] == "completed", statuses
        ranks = [ORDER.index(s) for s in statuses]
        assert ranks == sorted(ranks), f"statuses out of order: {statuses}"
        assert done["request_counts"] == {"total": 3, "completed": 2, "failed": 1}, done
        for key in ("in_progress_at", "finalizing_at", "completed_at"):
            assert isinstance(done[key], int) and done[key] >= made["created_at"], (key, done)
        output = file_lines(target, done["output_file_id"])
        assert sorted(line["custom_id"] for line in output) == ["first", "second"], output
        for line in output:
            assert set(line) == {"id", "custom_id", "response", "error"}, line
            assert line["error"] is None and line["response"]["status_code"] == 200, line
            assert line["response"]["request_id"], line
            schemas.validate_sdk(ChatCompletion, line["response"]["body"])
            schemas.validate_openapi("CreateChatCompletionResponse", line["response"]["body"])
        (refused,) = file_lines(target, done["error_file_id"])
        assert refused["custom_id"] == "refused", refused
        assert refused["response"]["status_code"] == 400, refused
        assert refused["response"]["body"]["error"]["param"] == "temperature", refused
        conflict = checks.expect_error(target.post(f"/batches/{made['id']}/cancel", None), 409)
        assert conflict["message"] == "Cannot cancel a batch with status 'completed'.", conflict
    finally:
        delete_files(target, file_id, done.get("output_file_id"), done.get("error_file_id"))


@at("lines answered as the endpoint answers", requests=8)
@pytest.mark.mock_only
def test_output_body_is_the_endpoint_s_answer(target: Target) -> None:
    """Only the mock is deterministic: a line's body is what the endpoint answers when asked
    the same (but for the completion's id, new each time, and ``created``, which moves with a
    mock on the system clock)."""
    line = chat_line(target, "one", "Tell me about lighthouses")
    file_id = upload(target, [line])
    done = wait(target, create(target, file_id)["id"])[-1]
    try:
        (output,) = file_lines(target, done["output_file_id"])
        direct = target.post("/chat/completions", line["body"]).json()
        got = output["response"]["body"]
        fresh = {"id": "", "created": 0}
        assert {**got, **fresh} == {**direct, **fresh}, "the line's body is not the answer"
    finally:
        delete_files(target, file_id, done["output_file_id"])


@at("line errors", requests=4)
@pytest.mark.batches
def test_bad_lines_fail_the_batch(target: Target) -> None:
    lines = [
        chat_line(target, "a", "one"),
        chat_line(target, "a", "the same custom_id again"),
        {**chat_line(target, "b", "another endpoint"), "url": "/v1/embeddings"},
    ]
    file_id = upload(target, lines)
    try:
        failed = wait(target, create(target, file_id)["id"])[-1]
        assert failed["status"] == "failed", failed
        assert failed["failed_at"] is not None and failed["output_file_id"] is None, failed
        errors = failed["errors"]["data"]
        by_line = {e["line"]: e for e in errors}
        assert by_line.get(2, {}).get("code") == "duplicate_custom_id", errors
        assert by_line.get(3, {}).get("code") == "invalid_url", errors
        assert by_line[3]["message"] == (
            "The URL provided for this request does not match the batch endpoint."
        ), errors
    finally:
        delete_files(target, file_id)
