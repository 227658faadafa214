"""/v1/fine_tuning/jobs and the models jobs make: the SDK's whole flow, shapes at every status,
the real 400s and 404s, cancel / pause / resume, events, checkpoints, permissions."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest
from openai.types import Model, ModelDeleted
from openai.types.fine_tuning.checkpoints import (
    PermissionDeleteResponse,
    PermissionRetrieveResponse,
)
from starlette.testclient import TestClient

from mockserver import create_app
from mockserver.clock import FixedClock
from mockserver.settings import Settings
from mockserver.testing import FROZEN_TIME, TEST_KEY
from tests.conftest import envelope
from tests.resources.fine_tuning.helpers import (
    chat_lines,
    check_checkpoint,
    check_event,
    check_job,
    dpo_lines,
    upload,
)
from tests.schema_check import validate_openapi, validate_sdk

JOBS = "/v1/fine_tuning/jobs"
HELLO = [{"role": "user", "content": "Bonjour?"}]


def create(http: Any, **body: Any) -> Any:
    if "training_file" not in body:
        body["training_file"] = upload(http, chat_lines())
    body.setdefault("model", "gpt-4o-mini")
    return http.post(JOBS, json=body)


def made(http: Any, **body: Any) -> dict[str, Any]:
    response = create(http, **body)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def poll(http: Any, job_id: str, times: int = 1) -> dict[str, Any]:
    for _ in range(times):
        data: dict[str, Any] = http.get(f"{JOBS}/{job_id}").json()
    return data


def chat(http: Any, model: str) -> Any:
    return http.post("/v1/chat/completions", json={"model": model, "messages": HELLO})


def test_the_sdk_flow_upload_tune_poll_chat_delete(openai_client: Any) -> None:
    """The issue's script: upload a JSONL file, fine-tune, poll to succeeded, chat with the
    fine-tuned model, delete it, then chat gives the 404."""
    client = openai_client
    training = client.files.create(file=("train.jsonl", chat_lines(12)), purpose="fine-tune")
    job = client.fine_tuning.jobs.create(
        model="gpt-4o-mini", training_file=training.id, suffix="french", seed=7
    )
    assert job.status == "validating_files" and job.fine_tuned_model is None
    statuses = [job.status]
    while job.status not in ("succeeded", "failed", "cancelled"):
        job = client.fine_tuning.jobs.retrieve(job.id)
        statuses.append(job.status)
    assert statuses == ["validating_files", "queued", "running", "succeeded"]
    name = job.fine_tuned_model
    assert name is not None and name.startswith("ft:gpt-4o-mini-2024-07-18:mockserver:french:")
    assert len(name.rsplit(":", 1)[1]) == 8
    assert job.trained_tokens and job.finished_at == FROZEN_TIME
    (results,) = job.result_files
    made_file = client.files.retrieve(results)
    assert (made_file.filename, made_file.purpose) == ("step_metrics.csv", "fine-tune-results")
    rows = base64.b64decode(client.files.content(results).content).decode().splitlines()
    assert rows[0] == "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy"
    assert len(rows) == 1 + 9 * 12 and rows[1].startswith("1,") and rows[1].endswith(",,")
    assert client.fine_tuning.jobs.retrieve(job.id).result_files == [results]  # made once
    answer = client.chat.completions.create(model=name, messages=HELLO)
    assert answer.model == name and answer.choices[0].message.content
    listed = {m.id: m for m in client.models.list()}
    assert listed[name].owned_by == "org-mockserver"
    assert client.models.retrieve(name).id == name
    deleted = client.models.delete(name)
    assert (deleted.id, deleted.deleted, deleted.object) == (name, True, "model")
    with pytest.raises(openai.NotFoundError) as gone:
        client.chat.completions.create(model=name, messages=HELLO)
    assert gone.value.body["code"] == "model_not_found"  # type: ignore[index]
    assert name not in {m.id for m in client.models.list()}
    with pytest.raises(openai.NotFoundError):
        client.models.delete(name)


def test_every_object_and_list_validates_at_every_status(mock_http: TestClient) -> None:
    validation = upload(mock_http, chat_lines(3), name="valid.jsonl")
    wandb = [{"type": "wandb", "wandb": {"project": "p", "tags": ["a"]}}]
    job = made(mock_http, validation_file=validation, metadata={"team": "fr"}, integrations=wandb)
    for _ in range(4):
        check_job(job)
        events = mock_http.get(f"{JOBS}/{job['id']}/events", params={"limit": 100}).json()
        validate_openapi("ListFineTuningJobEventsResponse", _no_null_data(events))
        assert set(events) == {"object", "data", "has_more"}
        for event in events["data"]:
            check_event(event)
        checkpoints = mock_http.get(f"{JOBS}/{job['id']}/checkpoints").json()
        validate_openapi("ListFineTuningJobCheckpointsResponse", _no_nulls(checkpoints))
        for checkpoint in checkpoints["data"]:
            check_checkpoint(checkpoint)
        listed = mock_http.get(JOBS).json()
        validate_openapi("ListPaginatedFineTuningJobsResponse", listed)
        assert set(listed) == {"object", "data", "has_more"}
        job = poll(mock_http, job["id"])
    assert job["status"] == "succeeded"
    assert job["integrations"] == [
        {"type": "wandb", "wandb": {"project": "p", "entity": None, "name": None, "tags": ["a"]}}
    ]
    assert len(checkpoints["data"]) == 3
    assert checkpoints["data"][0]["metrics"]["full_valid_loss"] > 0


def _no_nulls(page: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in page.items() if v is not None}


def _no_null_data(page: dict[str, Any]) -> dict[str, Any]:
    data = [{k: v for k, v in e.items() if v is not None} for e in page["data"]]
    return {**page, "data": data}


def test_hyperparameters_read_auto_until_validated_then_what_auto_came_to(
    mock_http: TestClient,
) -> None:
    job = made(mock_http, hyperparameters={"n_epochs": 2})
    assert job["hyperparameters"] == {
        "batch_size": "auto", "learning_rate_multiplier": "auto", "n_epochs": 2
    }  # fmt: skip
    assert job["method"] == {
        "type": "supervised", "supervised": {"hyperparameters": job["hyperparameters"]}
    }  # fmt: skip
    queued = poll(mock_http, job["id"])
    assert queued["hyperparameters"] == {
        "batch_size": 1, "learning_rate_multiplier": 2.0, "n_epochs": 2
    }  # fmt: skip
    done = poll(mock_http, job["id"], 2)
    assert done["status"] == "succeeded"
    events = mock_http.get(f"{JOBS}/{job['id']}/events", params={"limit": 100}).json()["data"]
    steps = [e for e in events if e["type"] == "metrics"]
    assert len(steps) == 20 and steps[0]["message"].startswith("Step 20/20: training loss=")
    prompt_tokens = done["trained_tokens"] // 2
    assert done["trained_tokens"] == 2 * prompt_tokens > 0


def test_auto_epochs_follow_the_size_of_the_file(mock_http: TestClient) -> None:
    small = poll(mock_http, made(mock_http)["id"])
    large = poll(mock_http, made(mock_http, training_file=upload(mock_http, chat_lines(50)))["id"])
    assert small["hyperparameters"]["n_epochs"] == 10  # 10 examples: 100 examples trained
    assert large["hyperparameters"]["n_epochs"] == 3


def test_the_events_tell_the_story_newest_first(mock_http: TestClient) -> None:
    job = made(mock_http, hyperparameters={"n_epochs": 1})
    poll(mock_http, job["id"], 3)
    events = mock_http.get(f"{JOBS}/{job['id']}/events", params={"limit": 100}).json()["data"]
    messages = [e["message"] for e in reversed(events)]
    assert messages[:5] == [
        f"Created fine-tuning job: {job['id']}",
        f"Validating training file: {job['training_file']}",
        "Files validated, moving job to queued state",
        "Fine-tuning job started",
        messages[4],
    ]
    assert messages[4].startswith("Step 1/10: training loss=")
    assert messages[-1] == "The job has successfully completed"
    assert any(m.startswith("New fine-tuned model created: ft:") for m in messages)


def test_events_and_checkpoints_page_by_after(mock_http: TestClient) -> None:
    job = made(mock_http)
    poll(mock_http, job["id"], 3)
    url = f"{JOBS}/{job['id']}/events"
    everything = mock_http.get(url, params={"limit": 100}).json()["data"]
    first = mock_http.get(url, params={"limit": 2}).json()
    assert first["has_more"] and first["data"] == everything[:2]
    second = mock_http.get(url, params={"limit": 2, "after": first["data"][-1]["id"]}).json()
    assert second["data"] == everything[2:4]
    again = mock_http.get(url, params={"limit": 100}).json()["data"]
    assert again == everything  # ids are stable across reads
    error = envelope(mock_http.get(url, params={"limit": 0}))
    assert error["param"] == "limit"
    checkpoints = mock_http.get(f"{JOBS}/{job['id']}/checkpoints", params={"limit": 1}).json()
    assert checkpoints["has_more"] and len(checkpoints["data"]) == 1
    assert (
        checkpoints["data"][0]["fine_tuned_model_checkpoint"]
        == poll(mock_http, job["id"])["fine_tuned_model"]
    )


def test_a_model_is_served_only_once_its_job_succeeded(mock_http: TestClient) -> None:
    job = made(mock_http)
    name = job["fine_tuned_model"] or ""
    assert name == ""
    running = poll(mock_http, job["id"], 2)
    assert running["status"] == "running" and running["fine_tuned_model"] is None
    stored = mock_http.app.state.mock.backends.fine_tuning.get(job["id"])  # type: ignore[attr-defined]
    response = chat(mock_http, stored.fine_tuned_model)
    assert response.status_code == 404 and envelope(response)["code"] == "model_not_found"
    assert mock_http.get(f"/v1/models/{stored.fine_tuned_model}").status_code == 404
    never = "ft:gpt-4o-mini-2024-07-18:mockserver::AbCdEfGh"
    assert envelope(chat(mock_http, never))["message"] == (
        f"The model `{never}` does not exist or you do not have access to it."
    )
    done = poll(mock_http, job["id"])
    assert chat(mock_http, done["fine_tuned_model"]).status_code == 200


def test_the_model_objects_validate(mock_http: TestClient) -> None:
    done = poll(mock_http, made(mock_http)["id"], 3)
    name = done["fine_tuned_model"]
    listed = mock_http.get("/v1/models").json()
    validate_openapi("ListModelsResponse", listed)
    assert listed["data"][-1] == {
        "id": name, "object": "model", "created": FROZEN_TIME, "owned_by": "org-mockserver"
    }  # fmt: skip
    retrieved = mock_http.get(f"/v1/models/{name}").json()
    validate_sdk(Model, retrieved)
    validate_openapi("Model", retrieved)
    deleted = mock_http.delete(f"/v1/models/{name}").json()
    validate_sdk(ModelDeleted, deleted)
    validate_openapi("DeleteModelResponse", deleted)


def test_a_fine_tuned_model_can_be_trained_further(mock_http: TestClient) -> None:
    first = poll(mock_http, made(mock_http, suffix="one")["id"], 3)["fine_tuned_model"]
    again = made(mock_http, model=first, suffix="two")
    assert again["model"] == first
    done = poll(mock_http, again["id"], 3)
    assert done["fine_tuned_model"].startswith("ft:gpt-4o-mini-2024-07-18:mockserver:two:")
    assert chat(mock_http, done["fine_tuned_model"]).status_code == 200
    mock_http.delete(f"/v1/models/{first}")
    error = envelope(create(mock_http, model=first))
    assert error["message"] == f"Model {first} is not available for fine-tuning or does not exist."


def test_only_fine_tuned_models_can_be_deleted(mock_http: TestClient) -> None:
    base = mock_http.delete("/v1/models/gpt-4o-mini")
    assert base.status_code == 403
    unknown = mock_http.delete("/v1/models/ft:gpt-4o-mini-2024-07-18:x::y")
    assert unknown.status_code == 404 and envelope(unknown)["code"] == "model_not_found"
    assert chat(mock_http, "gpt-4o-mini").status_code == 200


@pytest.mark.parametrize(
    ("body", "status", "message", "param"),
    [
        ({"model": "gpt-4o-2024-05-13"}, 400,
         "Model gpt-4o-2024-05-13 is not available for fine-tuning or does not exist.", "model"),
        ({"model": "o3"}, 400, "Model o3 is not available for fine-tuning or does not exist.",
         "model"),
        ({"model": "gpt-9"}, 400, "Model gpt-9 is not available for fine-tuning or does not exist.",
         "model"),
        ({"training_file": "file-nope"}, 400, "invalid training_file: file-nope",
         "training_file"),
        ({"training_file": "file-nope", "model": "gpt-9"}, 400,
         "invalid training_file: file-nope", "training_file"),
        ({"suffix": "x" * 65}, 400,
         "Invalid 'suffix': string too long. Expected a string with maximum length 64, but got "
         "a string with length 65 instead.", "suffix"),
        ({"hyperparameters": {"n_epochs": 51}}, 400,
         "Invalid 'hyperparameters.n_epochs': integer above maximum value. Expected a value <= "
         "50, but got 51 instead.", "hyperparameters.n_epochs"),
        ({"hyperparameters": {"batch_size": "big"}}, 400,
         "Invalid value: 'big'. Supported values are: 'auto'.", "hyperparameters.batch_size"),
        ({"seed": -1}, 400,
         "Invalid 'seed': integer below minimum value. Expected a value >= 0, but got -1 "
         "instead.", "seed"),
        ({"method": {"type": "dpo"}, "model": "gpt-3.5-turbo"}, 400,
         "Fine-tuning method 'dpo' is not available for model gpt-3.5-turbo-0125.", "method"),
        ({"method": {"type": "reinforcement"}, "model": "o4-mini"}, 400,
         "Missing required parameter: 'method.reinforcement.grader'.",
         "method.reinforcement.grader"),
        ({"method": {"type": "supervised", "supervised": False}}, 400,
         "Invalid type for 'method.supervised': expected an object, but got a boolean "
         "instead.", "method.supervised"),
        ({"integrations": [{"type": "wandb", "wandb": {}}]}, 400,
         "Missing required parameter: 'integrations[0].wandb.project'.",
         "integrations[0].wandb.project"),
        ({"metadata": {f"k{i}": "v" for i in range(17)}}, 400,
         "Invalid 'metadata': too many properties. Expected an object with at most 16 "
         "properties, but got an object with 17 properties instead.", "metadata"),
    ],
)  # fmt: skip
def test_bad_requests_get_the_real_400_and_store_nothing(
    mock_http: TestClient, body: dict[str, Any], status: int, message: str, param: str
) -> None:
    response = create(mock_http, **body)
    assert response.status_code == status, response.text
    error = envelope(response)
    assert (error["message"], error["param"]) == (message, param)
    assert mock_http.get(JOBS).json()["data"] == []


def test_the_file_must_be_a_fine_tune_file_in_the_methods_format(mock_http: TestClient) -> None:
    batch_line = (
        b'{"custom_id": "1", "method": "POST", "url": "/v1/chat/completions", "body": {}}\n'
    )
    batch = upload(mock_http, batch_line, purpose="batch")
    error = envelope(create(mock_http, training_file=batch))
    assert error["param"] == "training_file" and "purpose must be 'fine-tune'" in error["message"]
    lines = chat_lines(3) + b'{"messages": [{"role": "user", "content": "no answer"}]}\n'
    error = envelope(create(mock_http, training_file=upload(mock_http, lines)))
    assert error["message"] == (
        'Invalid file format. Line 4, key "messages": At least one message must be from the '
        "assistant."
    )
    error = envelope(create(mock_http, training_file=upload(mock_http, b'{"prompt": "a"}\n')))
    assert error["message"] == 'Invalid file format. Line 1, Missing key "messages".'
    dpo = {"method": {"type": "dpo"}}
    error = envelope(create(mock_http, **dpo))  # supervised lines for a DPO job
    assert error["message"] == 'Invalid file format. Line 1, Missing key "input".'
    validation = upload(mock_http, chat_lines(2) + b'{"messages": 5}\n')
    error = envelope(create(mock_http, validation_file=validation))
    assert error["param"] == "validation_file" and "Line 3" in error["message"]
    assert mock_http.get(JOBS).json()["data"] == []
    ok = made(mock_http, training_file=upload(mock_http, dpo_lines()), **dpo)
    assert ok["method"]["type"] == "dpo"
    assert ok["method"]["dpo"]["hyperparameters"]["beta"] == "auto"
    assert poll(mock_http, ok["id"])["method"]["dpo"]["hyperparameters"]["beta"] == 0.1


def test_prompt_completion_files_tune_the_completion_models(mock_http: TestClient) -> None:
    lines = b"".join(b'{"prompt": "p%d", "completion": " c"}\n' % i for i in range(10))
    job = made(mock_http, model="babbage-002", training_file=upload(mock_http, lines))
    done = poll(mock_http, job["id"], 3)
    assert done["fine_tuned_model"].startswith("ft:babbage-002:mockserver::")
    response = mock_http.post(
        "/v1/completions", json={"model": done["fine_tuned_model"], "prompt": "p1"}
    )
    assert response.status_code == 200, response.text


def test_reinforcement_tunes_o4_mini_with_a_grader(mock_http: TestClient) -> None:
    lines = b"".join(
        b'{"messages": [{"role": "user", "content": "2+%d?"}], "answer": "%d"}\n' % (i, i + 2)
        for i in range(10)
    )
    grader = {"type": "string_check", "name": "exact", "input": "{{sample.output_text}}",
              "reference": "{{item.answer}}", "operation": "eq"}  # fmt: skip
    job = made(
        mock_http,
        model="o4-mini",
        training_file=upload(mock_http, lines),
        method={"type": "reinforcement", "reinforcement": {"grader": grader}},
    )
    assert job["model"] == "o4-mini-2025-04-16"
    check_job(job)
    done = poll(mock_http, job["id"], 3)
    check_job(done)
    assert done["method"]["reinforcement"]["grader"] == grader


def test_too_few_examples_fail_the_job(mock_http: TestClient) -> None:
    job = made(mock_http, training_file=upload(mock_http, chat_lines(3)))
    failed = poll(mock_http, job["id"])
    check_job(failed)
    assert failed["status"] == "failed" and failed["fine_tuned_model"] is None
    assert failed["error"] == {
        "code": "invalid_n_examples",
        "message": "Training file has 3 example(s), but must have at least 10 examples",
        "param": "training_file",
    }
    assert poll(mock_http, job["id"])["status"] == "failed"
    events = mock_http.get(f"{JOBS}/{job['id']}/events").json()["data"]
    assert events[0]["level"] == "error"


def test_cancel_freezes_the_job(mock_http: TestClient) -> None:
    job = made(mock_http)
    poll(mock_http, job["id"], 2)
    cancelled = mock_http.post(f"{JOBS}/{job['id']}/cancel").json()
    check_job(cancelled)
    assert cancelled["status"] == "cancelled" and cancelled["finished_at"] == FROZEN_TIME
    assert poll(mock_http, job["id"], 3)["status"] == "cancelled"
    again = mock_http.post(f"{JOBS}/{job['id']}/cancel")
    assert again.status_code == 400
    assert envelope(again)["message"] == (
        f"Cannot cancel fine-tuning job {job['id']} with status 'cancelled'."
    )
    stored = mock_http.app.state.mock.backends.fine_tuning.get(job["id"])  # type: ignore[attr-defined]
    assert chat(mock_http, stored.fine_tuned_model).status_code == 404
    events = mock_http.get(f"{JOBS}/{job['id']}/events").json()["data"]
    assert events[0]["message"] == "Fine-tuning job cancelled"


def test_pause_and_resume(mock_http: TestClient) -> None:
    job = made(mock_http)
    early = mock_http.post(f"{JOBS}/{job['id']}/pause")
    assert early.status_code == 400 and "'validating_files'" in envelope(early)["message"]
    poll(mock_http, job["id"], 2)
    paused = mock_http.post(f"{JOBS}/{job['id']}/pause").json()
    assert paused["status"] == "paused"
    check_job(paused)
    assert poll(mock_http, job["id"], 3)["status"] == "paused"
    resumed = mock_http.post(f"{JOBS}/{job['id']}/resume").json()
    assert resumed["status"] == "running"
    assert poll(mock_http, job["id"])["status"] == "succeeded"
    assert mock_http.post(f"{JOBS}/{job['id']}/resume").status_code == 400
    messages = [
        e["message"] for e in mock_http.get(f"{JOBS}/{job['id']}/events?limit=100").json()["data"]
    ]
    assert "Fine-tuning job paused" in messages and "Fine-tuning job resumed" in messages


def test_unknown_jobs_are_404(mock_http: TestClient) -> None:
    paths = [("GET", ""), ("POST", "/cancel"), ("POST", "/pause"), ("POST", "/resume"),
             ("GET", "/events"), ("GET", "/checkpoints")]  # fmt: skip
    for method, path in paths:
        response = mock_http.request(method, f"{JOBS}/ftjob-nope{path}")
        assert response.status_code == 404, path
        assert envelope(response)["message"] == "Could not find fine tune job: ftjob-nope"


def test_list_filters_by_metadata_and_pages(mock_http: TestClient) -> None:
    tagged = made(mock_http, metadata={"team": "fr"})
    other = made(mock_http, metadata={"team": "de"})
    bare = made(mock_http)
    assert [j["id"] for j in mock_http.get(JOBS).json()["data"]] == [
        bare["id"], other["id"], tagged["id"]
    ]  # fmt: skip
    fr = mock_http.get(JOBS, params={"metadata[team]": "fr"}).json()["data"]
    assert [j["id"] for j in fr] == [tagged["id"]]
    none = mock_http.get(JOBS, params={"metadata": "null"}).json()["data"]
    assert [j["id"] for j in none] == [bare["id"]]
    page = mock_http.get(JOBS, params={"limit": 1, "after": bare["id"]}).json()
    assert [j["id"] for j in page["data"]] == [other["id"]] and page["has_more"]


def test_the_sdk_pages_jobs_and_events(openai_client: Any, mock_http: TestClient) -> None:
    ids = [made(mock_http)["id"] for _ in range(3)]
    pages = openai_client.fine_tuning.jobs.list(limit=2)
    assert [j.id for j in pages] == ids[::-1]
    poll(mock_http, ids[0], 3)
    events = openai_client.fine_tuning.jobs.list_events(ids[0], limit=7)
    assert len(list(events)) > 7
    checkpoints = openai_client.fine_tuning.jobs.checkpoints.list(ids[0])
    assert [c.step_number for c in checkpoints] == [100, 90, 80]


def test_checkpoint_permissions(openai_client: Any, mock_http: TestClient) -> None:
    job = made(mock_http)
    done = poll(mock_http, job["id"], 3)
    checkpoint = mock_http.get(f"{JOBS}/{job['id']}/checkpoints").json()["data"][1]
    name = checkpoint["fine_tuned_model_checkpoint"]
    assert name == f"{done['fine_tuned_model']}:ckpt-step-90"
    permissions = openai_client.fine_tuning.checkpoints.permissions
    created = permissions.create(name, project_ids=["proj_a", "proj_b"])
    assert [p.project_id for p in created.data] == ["proj_a", "proj_b"]
    assert all(p.id.startswith("cp_") and p.object == "checkpoint.permission" for p in created)
    url = f"/v1/fine_tuning/checkpoints/{name}/permissions"
    listed = mock_http.get(url, params={"order": "ascending"}).json()
    validate_openapi("ListFineTuningCheckpointPermissionResponse", listed)
    validate_sdk(PermissionRetrieveResponse, listed)
    for permission in listed["data"]:
        validate_openapi("FineTuningCheckpointPermission", permission)
    assert [p["project_id"] for p in listed["data"]] == ["proj_a", "proj_b"]
    only = mock_http.get(url, params={"project_id": "proj_b"}).json()["data"]
    assert [p["project_id"] for p in only] == ["proj_b"]
    gone = permissions.delete(created.data[0].id, fine_tuned_model_checkpoint=name)
    assert (gone.id, gone.deleted, gone.object) == (
        created.data[0].id,
        True,
        "checkpoint.permission",
    )
    assert mock_http.delete(f"{url}/{created.data[0].id}").status_code == 404
    removed = mock_http.delete(f"{url}/{created.data[1].id}").json()
    validate_sdk(PermissionDeleteResponse, removed)
    validate_openapi("DeleteFineTuningCheckpointPermissionResponse", removed)
    missing = mock_http.get(
        "/v1/fine_tuning/checkpoints/ft:gpt-4o-mini:x::y:ckpt-step-1/permissions"
    )
    assert missing.status_code == 404
    empty = mock_http.post(url, json={"project_ids": []})
    assert empty.status_code == 400 and envelope(empty)["param"] == "project_ids"


def test_same_seed_same_bytes() -> None:
    def run() -> list[bytes]:
        app = create_app(Settings(seed=3, clock=FixedClock(FROZEN_TIME)))
        with TestClient(app, headers={"Authorization": f"Bearer {TEST_KEY}"}) as http:
            job = made(http)
            out = [http.get(f"{JOBS}/{job['id']}").content for _ in range(3)]
            out.append(http.get(f"{JOBS}/{job['id']}/events?limit=100").content)
            out.append(http.get(f"{JOBS}/{job['id']}/checkpoints").content)
            return out

    assert run() == run()


@pytest.fixture
def instant_http() -> Iterator[TestClient]:
    app = create_app(Settings(seed=0, clock=FixedClock(FROZEN_TIME), lifecycle="instant"))
    with TestClient(app, headers={"Authorization": f"Bearer {TEST_KEY}"}) as http:
        yield http


def test_instant_jobs_are_done_at_once(instant_http: TestClient) -> None:
    job = made(instant_http)
    assert job["status"] == "succeeded"
    assert chat(instant_http, job["fine_tuned_model"]).status_code == 200
    assert instant_http.post(f"{JOBS}/{job['id']}/cancel").status_code == 400


def test_realtime_jobs_move_with_the_mock_clock() -> None:
    app = create_app(Settings(seed=0, clock=FixedClock(FROZEN_TIME), lifecycle="realtime"))
    with TestClient(app, headers={"Authorization": f"Bearer {TEST_KEY}"}) as http:
        job = made(http)
        assert poll(http, job["id"], 5)["status"] == "validating_files"
        http.post("/__mock__/clock", json={"advance": 3600})
        done = poll(http, job["id"])
        assert done["status"] == "succeeded"
        assert FROZEN_TIME < done["finished_at"] <= FROZEN_TIME + 3600


def test_jobs_and_their_models_outlive_a_restart(tmp_path: Path) -> None:
    def app() -> Any:
        settings = Settings(seed=0, clock=FixedClock(FROZEN_TIME), state_dir=str(tmp_path))
        return create_app(settings)

    with TestClient(app(), headers={"Authorization": f"Bearer {TEST_KEY}"}) as http:
        job = made(http, metadata={"k": "v"})
        done = poll(http, job["id"], 3)
    with TestClient(app(), headers={"Authorization": f"Bearer {TEST_KEY}"}) as http:
        assert poll(http, job["id"]) == done
        assert chat(http, done["fine_tuned_model"]).status_code == 200
