"""/v1/fine_tuning/jobs and the models jobs make.

Free checks (the API refuses them before anything is trained): a model that cannot be
fine-tuned, a training file that does not exist, an unknown job, a fine-tuned model no job
made. Costly ones (``-m fine_tuning``: a real job trains and is billed, and takes minutes):
the whole flow (upload, fine-tune, poll to ``succeeded``, the results file (base64 CSV), chat
with the model, delete it, then the 404), every object and list against the SDK types and the
OpenAPI schemas, and a cancel. Every check deletes the files and models it made."""

from __future__ import annotations

import base64
import contextlib
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from openai.types import FileObject, ModelDeleted
from openai.types.fine_tuning import FineTuningJob, FineTuningJobEvent
from openai.types.fine_tuning.jobs import FineTuningJobCheckpoint

from . import checks, schemas
from .target import Target

JOBS = "/v1/fine_tuning/jobs"
FINAL = ("succeeded", "failed", "cancelled")
# Against anything but the mock a job takes minutes: polled every POLL_SECONDS, given up after
# MAX_WAIT_SECONDS. The mock moves one status per retrieve (at most MOCK_POLLS of them).
POLL_SECONDS = 15
MAX_WAIT_SECONDS = 3600
MOCK_POLLS = 20
# The fewest examples a training file may hold.
EXAMPLES = 10
NO_SUCH_MODEL = "ft:gpt-4o-mini-2024-07-18:conformance::AbCdEfGh"


def at(feature: str, requests: int = 1) -> pytest.MarkDecorator:
    return pytest.mark.conformance(JOBS, feature, requests=requests)


def training_lines(n: int = EXAMPLES) -> bytes:
    return b"".join(
        json.dumps(
            {
                "messages": [
                    {"role": "user", "content": f"What is {i} plus one?"},
                    {"role": "assistant", "content": f"{i + 1}."},
                ]
            }
        ).encode()
        + b"\n"
        for i in range(n)
    )


@contextlib.contextmanager
def training_file(target: Target, data: bytes) -> Iterator[str]:
    made = target.request(
        "POST", "/files", files={"file": ("train.jsonl", data, "application/jsonl")},
        data={"purpose": "fine-tune"},
    )  # fmt: skip
    file_id: str = checks.expect_json(made, FileObject, None)["id"]
    try:
        yield file_id
    finally:
        target.request("DELETE", f"/files/{file_id}")


def job_shape(data: dict[str, Any]) -> dict[str, Any]:
    schemas.validate_sdk(FineTuningJob, data)
    schemas.validate_openapi("FineTuningJob", data)
    assert data["object"] == "fine_tuning.job" and data["id"].startswith("ftjob-"), data
    return data


def expect_job(response: Any) -> dict[str, Any]:
    return job_shape(checks.expect_json(response, FineTuningJob, None))


def poll(target: Target, job_id: str) -> list[dict[str, Any]]:
    """Retrieve the job until it is final: every answer, in order."""
    seen = []
    deadline = time.monotonic() + MAX_WAIT_SECONDS
    for _ in range(MOCK_POLLS if target.is_mock else 10**6):
        seen.append(expect_job(target.get(f"/fine_tuning/jobs/{job_id}")))
        if seen[-1]["status"] in FINAL or time.monotonic() > deadline:
            break
        if not target.is_mock:
            time.sleep(POLL_SECONDS)
    return seen


def events_of(target: Target, job_id: str) -> list[dict[str, Any]]:
    page = checks.expect_json(
        target.get(f"/fine_tuning/jobs/{job_id}/events", params={"limit": 100}), dict, None
    )
    assert page["object"] == "list" and isinstance(page["has_more"], bool), page
    without_null = [{k: v for k, v in e.items() if v is not None} for e in page["data"]]
    schemas.validate_openapi("ListFineTuningJobEventsResponse", {**page, "data": without_null})
    for event in page["data"]:
        schemas.validate_sdk(FineTuningJobEvent, event)
    events: list[dict[str, Any]] = page["data"]
    return events


def chat(target: Target, model: str) -> Any:
    body = {"model": model, "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 5}
    return target.error_request("/v1/chat/completions", "POST", "/chat/completions", json_body=body)


# --- free checks ---------------------------------------------------------------------------------


@at("errors")
def test_a_model_that_cannot_be_fine_tuned_is_refused(target: Target) -> None:
    with training_file(target, training_lines()) as file_id:
        response = target.post(
            "/fine_tuning/jobs", {"model": "gpt-4o-2024-05-13", "training_file": file_id}
        )
    error = checks.expect_error(response, 400)
    assert error["message"] == (
        "Model gpt-4o-2024-05-13 is not available for fine-tuning or does not exist."
    ), error


@at("errors")
def test_a_training_file_must_exist(target: Target) -> None:
    response = target.post(
        "/fine_tuning/jobs", {"model": "gpt-4o-mini", "training_file": "file-doesnotexist0000"}
    )
    error = checks.expect_error(response, 400)
    assert (error["message"], error["param"]) == (
        "invalid training_file: file-doesnotexist0000",
        "training_file",
    ), error


@at("errors")
def test_an_unknown_job_is_a_404(target: Target) -> None:
    response = target.error_request(JOBS, "GET", "/fine_tuning/jobs/ftjob-doesnotexist000000000")
    error = checks.expect_error(response, 404)
    assert "ftjob-doesnotexist000000000" in error["message"], error


@at("models")
def test_a_fine_tuned_model_no_job_made_is_a_404(target: Target) -> None:
    error = checks.expect_error(chat(target, NO_SUCH_MODEL), 404)
    assert error["code"] == "model_not_found", error


# --- costly checks -------------------------------------------------------------------------------


@pytest.mark.fine_tuning
@at("round trip", requests=12)
def test_fine_tune_poll_chat_delete(target: Target) -> None:
    with training_file(target, training_lines()) as file_id:
        job = expect_job(
            target.post(
                "/fine_tuning/jobs",
                {
                    "model": "gpt-4o-mini",
                    "training_file": file_id,
                    "suffix": "conformance",
                    "metadata": {"suite": "conformance"},
                },
            )
        )
        assert job["status"] in ("validating_files", "queued"), job
        assert job["fine_tuned_model"] is None, job
        seen = poll(target, job["id"])
    done = seen[-1]
    assert done["status"] == "succeeded", f"the job never succeeded: {done}"
    statuses = list(dict.fromkeys(j["status"] for j in [job, *seen]))
    order = ["validating_files", "queued", "running", "succeeded"]
    assert statuses == [s for s in order if s in statuses], statuses
    model = done["fine_tuned_model"]
    assert isinstance(model, str) and model.startswith("ft:") and ":conformance:" in model, done
    assert isinstance(done["trained_tokens"], int) and done["trained_tokens"] > 0, done
    assert len(done["result_files"]) == 1, done
    results = target.get(f"/files/{done['result_files'][0]}/content")
    target.request("DELETE", f"/files/{done['result_files'][0]}")
    assert results.status_code == 200, results.text[:200]
    header = base64.b64decode(results.content).decode().splitlines()[0]
    assert header.startswith("step,train_loss,train_accuracy"), header
    try:
        messages = [e["message"] for e in events_of(target, job["id"])]
        assert any(m.startswith("Step ") for m in messages), messages
        checkpoints = checks.expect_json(
            target.get(f"/fine_tuning/jobs/{job['id']}/checkpoints"), dict, None
        )
        schemas.validate_openapi("ListFineTuningJobCheckpointsResponse", {
            k: v for k, v in checkpoints.items() if v is not None
        })  # fmt: skip
        for checkpoint in checkpoints["data"]:
            schemas.validate_sdk(FineTuningJobCheckpoint, checkpoint)
        listed = checks.expect_json(target.get(f"/models/{model}"), dict, "Model")
        assert listed["id"] == model, listed
        answer = chat(target, model)
        assert answer.status_code == 200, f"chat with {model}: {answer.text[:300]}"
        assert answer.json()["model"] == model, answer.json()
    finally:
        deleted = checks.expect_json(
            target.request("DELETE", f"/models/{model}"), ModelDeleted, "DeleteModelResponse"
        )
    assert deleted == {"id": model, "object": "model", "deleted": True}, deleted
    error = checks.expect_error(chat(target, model), 404)
    assert error["code"] == "model_not_found", error


@pytest.mark.fine_tuning
@at("cancel", requests=6)
def test_a_cancelled_job_stays_cancelled_and_makes_no_model(target: Target) -> None:
    with training_file(target, training_lines()) as file_id:
        job = expect_job(
            target.post("/fine_tuning/jobs", {"model": "gpt-4o-mini", "training_file": file_id})
        )
        cancelled = expect_job(target.post(f"/fine_tuning/jobs/{job['id']}/cancel", {}))
    assert cancelled["status"] == "cancelled", cancelled
    again = expect_job(target.get(f"/fine_tuning/jobs/{job['id']}"))
    assert again["status"] == "cancelled" and again["fine_tuned_model"] is None, again
    listed = checks.expect_json(target.get("/fine_tuning/jobs", params={"limit": 100}), dict, None)
    schemas.validate_openapi("ListPaginatedFineTuningJobsResponse", listed)
    assert job["id"] in [j["id"] for j in listed["data"]], "the job is not listed"
    for item in listed["data"]:
        job_shape(item)
