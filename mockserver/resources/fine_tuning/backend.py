"""Fine-tuning jobs, the models they make and checkpoint permissions, in three tables.

A job stores what it was made with and how often it was retrieved (and when it was paused or
cancelled); its status, events, metrics and checkpoints are computed from that on every read
(``training.py``), so nothing runs in the background. The model a job makes is recorded when
the job is created and exists once the job has succeeded, until ``DELETE /v1/models/{id}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ...state.store import StateStore, dataclass_codec
from ..files.backend import Files, StoredFile


@dataclass(frozen=True)
class StoredJob:
    id: str
    created_at: int
    model: str  # the snapshot trained (the API answers it for an alias)
    training_file: str
    validation_file: str | None
    method: str
    asked: dict[str, Any]  # the hyperparameters as asked ("auto" or a value each)
    resolved: dict[str, Any]  # what "auto" came to
    grader: dict[str, Any] | None
    suffix: str | None
    seed: int
    metadata: dict[str, str] | None
    integrations: list[dict[str, Any]]
    organization: str
    examples: int
    tokens: int  # of the training file, one epoch
    fine_tuned_model: str
    failure: dict[str, Any] | None = None  # the error a job that fails validation ends with
    polls: int = 0
    paused_since: int | None = None
    paused_seconds: int = 0
    pauses: list[list[int]] = field(default_factory=list)  # [paused at, resumed at or 0]
    cancelled_at: int | None = None
    result_file: str | None = None  # the step metrics file, written when the job succeeded


@dataclass(frozen=True)
class FineTunedModel:
    id: str
    job_id: str
    owned_by: str


@dataclass(frozen=True)
class StoredPermission:
    id: str
    created_at: int
    checkpoint: str
    project_id: str

    def to_api(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "checkpoint.permission",
            "created_at": self.created_at,
            "project_id": self.project_id,
        }


class FineTuning:
    def __init__(self, store: StateStore) -> None:
        self._store = store
        self._jobs = store.table("fine_tuning_jobs", dataclass_codec(StoredJob))
        self._models = store.table("fine_tuned_models", dataclass_codec(FineTunedModel))
        self._permissions = store.table("checkpoint_permissions", dataclass_codec(StoredPermission))

    # --- jobs --------------------------------------------------------------------------------

    def create(self, job: StoredJob, owned_by: str) -> StoredJob:
        model = FineTunedModel(job.fine_tuned_model, job.id, owned_by)
        with self._store.atomic():
            self._models.insert(model.id, model, created=job.created_at)
            return self._jobs.insert(job.id, job, created=job.created_at)

    def get(self, job_id: str) -> StoredJob | None:
        return self._jobs.get(job_id)

    def jobs(self) -> list[StoredJob]:
        return self._jobs.values()

    def polled(self, job_id: str) -> StoredJob | None:
        """Count a retrieve (a paused or cancelled job does not move)."""

        def poll(job: StoredJob) -> StoredJob:
            if job.paused_since is not None or job.cancelled_at is not None:
                return job
            return replace(job, polls=job.polls + 1)

        return self._jobs.update(job_id, poll)

    def update(self, job_id: str, change: Any) -> StoredJob | None:
        return self._jobs.update(job_id, change)

    def settle(self, job_id: str, files: Files, record: StoredFile, data: bytes) -> StoredJob:
        """Give a job that succeeded its results file, once: the file and the job's record of
        it in one commit (whichever request, or worker, sees the success first writes them)."""
        with self._store.atomic():
            job = self._jobs.get(job_id)
            assert job is not None
            if job.result_file is not None:
                return job
            files.create(record, data)
            settled = self._jobs.update(
                job_id, lambda stored: replace(stored, result_file=record.id)
            )
            assert settled is not None
            return settled

    # --- models ------------------------------------------------------------------------------

    def model(self, model_id: str) -> FineTunedModel | None:
        return self._models.get(model_id)

    def models(self) -> list[FineTunedModel]:
        return self._models.values()

    def delete_model(self, model_id: str) -> FineTunedModel | None:
        return self._models.delete(model_id)

    # --- checkpoint permissions --------------------------------------------------------------

    def add_permission(self, permission: StoredPermission) -> StoredPermission:
        return self._permissions.insert(permission.id, permission, created=permission.created_at)

    def permissions(self, checkpoint: str) -> list[StoredPermission]:
        return [p for p in self._permissions.values() if p.checkpoint == checkpoint]

    def delete_permission(self, checkpoint: str, permission_id: str) -> StoredPermission | None:
        found = self._permissions.get(permission_id)
        if found is None or found.checkpoint != checkpoint:
            return None
        return self._permissions.delete(permission_id)
