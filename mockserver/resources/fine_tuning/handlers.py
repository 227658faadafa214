"""POST/GET /v1/fine_tuning/jobs, GET /v1/fine_tuning/jobs/{id}, its /cancel, /pause,
/resume, /events and /checkpoints, and /v1/fine_tuning/checkpoints/{checkpoint}/permissions."""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from ...http import errors
from ...http.body import json_body
from ...http.pagination import PageQuery, page_query, paginate
from ...http.params import check, param, query_int
from ...ids import keyed
from ...randomness import derive_int
from ...state import MockState, mock_state
from ..files.backend import StoredFile
from . import datasets, training
from . import errors as ft_errors
from . import request as ft_request
from .backend import FineTuning, StoredJob, StoredPermission

# The job list and the permission list page by ``after`` only; events by ``after`` too.
PERMISSION_LIST_LIMIT = 10
PERMISSIONS = {"project_ids": param("array", required=True, min_items=1)}


def _ft(mock: MockState) -> FineTuning:
    return mock.backends.fine_tuning


def _file(mock: MockState, param_name: str, file_id: str) -> tuple[StoredFile, bytes]:
    files = mock.backends.files
    record = files.get(file_id)
    if record is None or files.expire(record, mock.now()):
        raise ft_errors.invalid_file(param_name, file_id)
    if record.purpose != "fine-tune":
        raise ft_errors.file_not_ready(param_name, file_id)
    data = files.content(file_id)
    if data is None:
        raise ft_errors.invalid_file(param_name, file_id)
    return record, data


def org_slug(organization: str) -> str:
    """The organization's part of a fine-tuned model's name (``org-acme`` -> ``acme``)."""
    return organization.removeprefix("org-") or "personal"


def _job(mock: MockState, job_id: str) -> StoredJob:
    job = _ft(mock).get(job_id)
    if job is None:
        raise ft_errors.job_not_found(job_id)
    return job


def _standing(mock: MockState, job: StoredJob) -> training.Standing:
    return training.standing(job, mock.clock.now(), mock.lifecycle, mock.seed)


RESULTS_NAME = "step_metrics.csv"
RESULTS_PURPOSE = "fine-tune-results"


def _view(mock: MockState, job: StoredJob) -> dict[str, Any]:
    """The job as the API shows it; a job seen to have succeeded gets its results file."""
    where = _standing(mock, job)
    if where.succeeded and job.result_file is None:
        data = training.results_file(job, job.seed)
        record = StoredFile(
            id=mock.ids.new("file-"),
            bytes=len(data),
            created_at=where.finished_at or mock.now(),
            filename=RESULTS_NAME,
            purpose=RESULTS_PURPOSE,
        )
        job = _ft(mock).settle(job.id, mock.backends.files, record, data)
    return training.job_object(job, where)


def _without_ids(page: dict[str, Any]) -> dict[str, Any]:
    """The job and event lists carry no first_id / last_id (the SDK pages them by the last
    item's id)."""
    page.pop("first_id", None)
    page.pop("last_id", None)
    return page


async def create_job(request: Request) -> Any:
    mock = mock_state(request)
    body = await json_body(request)
    ft_request.check_body(body)
    contents = {
        name: _file(mock, name, body[name])[1]
        for name in ("training_file", "validation_file")
        if body.get(name) is not None
    }
    asked = ft_request.parse(body, mock.catalogue)
    model = asked.model
    counted: dict[str, datasets.Dataset] = {}
    for name, data in contents.items():
        counted[name] = await run_in_threadpool(
            functools.partial(
                datasets.check,
                data,
                method=asked.method,
                prompt_completion=asked.prompt_completion,
                param=name,
                encoding=model.encoding,
            )
        )
    train = counted["training_file"]
    job_id = mock.ids.new("ftjob-")
    seed = asked.seed if asked.seed is not None else keyed_seed(mock.seed, job_id)
    organization = mock.settings.organization
    tail = keyed(mock.seed, "ft:", job_id).removeprefix("ft:")
    name = f"ft:{asked.base}:{org_slug(organization)}:{asked.suffix or ''}:{tail}"
    failure = None
    if train.examples < training.MIN_EXAMPLES:
        failure = {
            "code": "invalid_n_examples",
            "message": f"Training file has {train.examples} example(s), but must have at "
            f"least {training.MIN_EXAMPLES} examples",
            "param": "training_file",
        }
    job = StoredJob(
        id=job_id,
        created_at=mock.now(),
        model=model.responds_as,
        training_file=asked.training_file,
        validation_file=asked.validation_file,
        method=asked.method,
        asked=asked.hyperparameters,
        resolved=training.resolve(asked.method, asked.hyperparameters, train.examples),
        grader=asked.grader,
        suffix=asked.suffix,
        seed=seed,
        metadata=asked.metadata,
        integrations=asked.integrations,
        organization=organization,
        examples=train.examples,
        tokens=train.tokens,
        fine_tuned_model=name,
        failure=failure,
    )
    _ft(mock).create(job, owned_by=organization)
    return _view(mock, job)


def keyed_seed(seed: int, job_id: str) -> int:
    """The seed a job gets when none is asked for (the real API draws one)."""
    return derive_int(seed, "fine-tuning-seed", job_id) % 2_147_483_648


def _metadata_filter(request: Request) -> tuple[bool, dict[str, str]]:
    """``metadata[k]=v`` pairs to match, and whether ``metadata=null`` asked for jobs with
    none."""
    wanted = {
        key[len("metadata[") : -1]: value
        for key, value in request.query_params.items()
        if key.startswith("metadata[") and key.endswith("]")
    }
    return request.query_params.get("metadata") == "null", wanted


async def list_jobs(request: Request) -> Any:
    mock = mock_state(request)
    query = page_query(request, with_before=False)
    none_only, wanted = _metadata_filter(request)
    jobs = []
    for job in _ft(mock).jobs():
        metadata = job.metadata or {}
        if none_only and metadata:
            continue
        if any(metadata.get(k) != v for k, v in wanted.items()):
            continue
        jobs.append(_view(mock, job))
    return _without_ids(paginate(jobs, query, key="created_at"))


async def retrieve_job(request: Request) -> Any:
    mock = mock_state(request)
    job_id = request.path_params["fine_tuning_job_id"]
    _job(mock, job_id)
    job = _ft(mock).polled(job_id)
    if job is None:
        raise ft_errors.job_not_found(job_id)
    return _view(mock, job)


def _change(mock: MockState, job_id: str, action: str) -> StoredJob:
    job = _job(mock, job_id)
    now = mock.now()
    status = _standing(mock, job).status
    allowed = {
        "cancel": ("validating_files", "queued", "running", "paused"),
        "pause": ("running",),
        "resume": ("paused",),
    }[action]
    if status not in allowed:
        raise ft_errors.cannot(action, job_id, status)

    def apply(stored: StoredJob) -> StoredJob:
        if action == "cancel":
            return replace(stored, cancelled_at=now)
        if action == "pause":
            return replace(stored, paused_since=now, pauses=[*stored.pauses, [now, 0]])
        since = stored.paused_since if stored.paused_since is not None else now
        pauses = [*stored.pauses[:-1], [since, now]] if stored.pauses else []
        return replace(
            stored,
            paused_since=None,
            paused_seconds=stored.paused_seconds + (now - since),
            pauses=pauses,
        )

    changed = _ft(mock).update(job_id, apply)
    if changed is None:
        raise ft_errors.job_not_found(job_id)
    return changed


async def cancel_job(request: Request) -> Any:
    mock = mock_state(request)
    return _view(mock, _change(mock, request.path_params["fine_tuning_job_id"], "cancel"))


async def pause_job(request: Request) -> Any:
    mock = mock_state(request)
    return _view(mock, _change(mock, request.path_params["fine_tuning_job_id"], "pause"))


async def resume_job(request: Request) -> Any:
    mock = mock_state(request)
    return _view(mock, _change(mock, request.path_params["fine_tuning_job_id"], "resume"))


async def list_events(request: Request) -> Any:
    mock = mock_state(request)
    job = _job(mock, request.path_params["fine_tuning_job_id"])
    query = page_query(request, with_before=False)
    made = training.events(job, _standing(mock, job), job.seed)
    return _without_ids(paginate(made, query, key="created_at"))


async def list_checkpoints(request: Request) -> Any:
    mock = mock_state(request)
    job = _job(mock, request.path_params["fine_tuning_job_id"])
    query = page_query(request, with_before=False, default_limit=10)
    made = training.checkpoints(job, _standing(mock, job), job.seed)
    return paginate(made, query, key="step_number")


# --- checkpoint permissions ------------------------------------------------------------------


def _checkpoint(mock: MockState, name: str) -> str:
    """A checkpoint of a job of this organization that has been made (else the 404)."""
    found = _ft(mock).model(name.split(":ckpt-step-")[0])
    job = None if found is None else _ft(mock).get(found.job_id)
    if job is not None:
        made = training.checkpoints(job, _standing(mock, job), job.seed)
        if any(c["fine_tuned_model_checkpoint"] == name for c in made):
            return name
    raise ft_errors.checkpoint_not_found(name)


async def create_permissions(request: Request) -> Any:
    mock = mock_state(request)
    checkpoint = _checkpoint(mock, request.path_params["fine_tuned_model_checkpoint"])
    body = await json_body(request)
    check(body, PERMISSIONS)
    for i, project in enumerate(body["project_ids"]):
        if not isinstance(project, str):
            raise errors.invalid_type(f"project_ids[{i}]", "a string", project)
    now = mock.now()
    made = [
        _ft(mock)
        .add_permission(StoredPermission(mock.ids.new("cp_"), now, checkpoint, project))
        .to_api()
        for project in body["project_ids"]
    ]
    return {
        "object": "list",
        "data": made,
        "first_id": made[0]["id"],
        "last_id": made[-1]["id"],
        "has_more": False,
    }


async def list_permissions(request: Request) -> Any:
    mock = mock_state(request)
    checkpoint = _checkpoint(mock, request.path_params["fine_tuned_model_checkpoint"])
    order = request.query_params.get("order", "descending")
    if order not in ("ascending", "descending"):
        raise errors.invalid_enum("order", order, ("ascending", "descending"))
    query = PageQuery(
        limit=query_int(request, "limit", PERMISSION_LIST_LIMIT, minimum=1, maximum=100),
        order="asc" if order == "ascending" else "desc",
        after=request.query_params.get("after"),
        before=None,
    )
    project = request.query_params.get("project_id")
    found = [
        p.to_api()
        for p in _ft(mock).permissions(checkpoint)
        if project is None or p.project_id == project
    ]
    return paginate(found, query, key="created_at")


async def delete_permission(request: Request) -> Any:
    mock = mock_state(request)
    checkpoint = _checkpoint(mock, request.path_params["fine_tuned_model_checkpoint"])
    permission_id = request.path_params["permission_id"]
    if _ft(mock).delete_permission(checkpoint, permission_id) is None:
        raise ft_errors.permission_not_found(permission_id)
    return {"id": permission_id, "object": "checkpoint.permission", "deleted": True}
