"""Batches in the ``batches`` table. A batch's lines are answered when it is created (so its
results depend only on its inputs and the seed); the output and error files' bytes are kept as
blobs under the ids they will have, and become Files (``purpose: batch_output``) the first time
the batch is seen ``completed``. Its status is never stored: it is where the lifecycle stands
(state/lifecycle.py) given when it was created, how often it was retrieved, and whether (and
when) it was cancelled."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ...state.lifecycle import Lifecycle, Progress
from ...state.store import StateStore, dataclass_codec
from ..files.backend import Files, StoredFile
from . import errors

# Seconds each step takes in real time: validating, running the lines, writing the files.
RUN = Lifecycle(
    ("validating", "in_progress", "finalizing", "completed"), ((2, 10), (30, 300), (5, 30))
)
# A batch whose validation found problems fails once validated.
FAIL = Lifecycle(("validating", "failed"), ((2, 10),))
CANCEL = Lifecycle(("cancelling", "cancelled"), ((5, 60),))
FINAL = frozenset({"completed", "failed", "expired", "cancelled"})
# The real batch's ``completion_window``: 24 hours.
WINDOW_SECONDS = 24 * 3600


@dataclass(frozen=True)
class StoredBatch:
    id: str
    created_at: int
    endpoint: str
    input_file_id: str
    completion_window: str
    metadata: dict[str, str] | None
    model: str | None
    total: int
    completed: int
    failed: int
    errors: list[dict[str, Any]] | None  # the validation's findings: the batch fails with them
    usage: dict[str, int]
    output_file_id: str | None  # the id the output file gets on completion (None: no line ok)
    error_file_id: str | None
    output_bytes: int
    error_bytes: int
    output_expires_after: int | None
    polls: int = 0
    cancel_requested_at: int | None = None
    cancel_polls: int = 0
    published: bool = False

    @property
    def expires_at(self) -> int:
        return self.created_at + WINDOW_SECONDS


@dataclass(frozen=True)
class View:
    """Where a batch stands: its run (frozen when cancelled) and its cancellation, if any."""

    run: Progress
    cancel: Progress | None

    @property
    def status(self) -> str:
        return self.cancel.status if self.cancel is not None else self.run.status


def view(batch: StoredBatch, mode: str, now: int, seed: int) -> View:
    life = FAIL if batch.errors else RUN
    if batch.cancel_requested_at is None:
        run = life.progress(mode, created=batch.created_at, now=now, polls=batch.polls,
                            seed=seed, key=batch.id)  # fmt: skip
        return View(run, None)
    run = life.progress(
        mode, created=batch.created_at, now=batch.cancel_requested_at, polls=batch.cancel_polls,
        seed=seed, key=batch.id,
    )  # fmt: skip
    cancel = CANCEL.progress(
        mode, created=batch.cancel_requested_at, now=now, polls=batch.polls - batch.cancel_polls,
        seed=seed, key=batch.id + ":cancel",
    )  # fmt: skip
    return View(run, cancel)


def _at(progress: Progress | None, index: int) -> int | None:
    if progress is None or len(progress.entered) <= index:
        return None
    return progress.entered[index]


def to_api(batch: StoredBatch, where: View) -> dict[str, Any]:
    status, run, cancel = where.status, where.run, where.cancel
    failed = run.status == "failed"
    done = status == "completed"
    counted = run.status in ("finalizing", "completed")
    started = not failed and run.index >= 1
    usage = batch.usage if done else dict.fromkeys(batch.usage, 0)
    return {
        "id": batch.id,
        "object": "batch",
        "endpoint": batch.endpoint,
        "model": batch.model,
        "errors": {"object": "list", "data": batch.errors} if failed else None,
        "input_file_id": batch.input_file_id,
        "completion_window": batch.completion_window,
        "status": status,
        "output_file_id": batch.output_file_id if done else None,
        "error_file_id": batch.error_file_id if done else None,
        "created_at": batch.created_at,
        "in_progress_at": None if failed else _at(run, 1),
        "expires_at": batch.expires_at,
        "finalizing_at": None if failed else _at(run, 2),
        "completed_at": None if failed else _at(run, 3),
        "failed_at": _at(run, 1) if failed else None,
        "expired_at": None,
        "cancelling_at": _at(cancel, 0),
        "cancelled_at": _at(cancel, 1),
        "request_counts": {
            "total": batch.total if started else 0,
            "completed": batch.completed if counted else 0,
            "failed": batch.failed if counted else 0,
        },
        "usage": {
            "input_tokens": usage["input_tokens"],
            "input_tokens_details": {"cached_tokens": usage["cached_tokens"]},
            "output_tokens": usage["output_tokens"],
            "output_tokens_details": {"reasoning_tokens": usage["reasoning_tokens"]},
            "total_tokens": usage["input_tokens"] + usage["output_tokens"],
        },
        "metadata": batch.metadata,
    }


class Batches:
    def __init__(self, store: StateStore, files: Files) -> None:
        self._store = store
        self._files = files
        self._table = store.table("batches", dataclass_codec(StoredBatch))

    def create(self, batch: StoredBatch, results: dict[str, bytes]) -> StoredBatch:
        """Keep a batch, with its output and error files' bytes under their future ids."""
        return self._table.insert(batch.id, batch, created=batch.created_at, blobs=results)

    def get(self, batch_id: str) -> StoredBatch:
        batch = self._table.get(batch_id)
        if batch is None:
            raise errors.batch_not_found(batch_id)
        return batch

    def poll(self, batch_id: str) -> StoredBatch:
        """A retrieve: the batch, counted as polled once more (the lifecycle's step)."""
        batch = self._table.update(batch_id, lambda b: replace(b, polls=b.polls + 1))
        if batch is None:
            raise errors.batch_not_found(batch_id)
        return batch

    def list(self) -> list[StoredBatch]:
        return self._table.values()

    def cancel(self, batch_id: str, *, mode: str, now: int, seed: int) -> StoredBatch:
        with self._store.atomic():
            batch = self.get(batch_id)
            if batch.cancel_requested_at is not None:
                return batch  # cancelling again (or a cancelled batch) answers as it stands
            status = view(batch, mode, now, seed).status
            if status in FINAL:
                raise errors.cancel_conflict(status)
            cancelled = replace(batch, cancel_requested_at=now, cancel_polls=batch.polls)
            self._table.put(batch.id, cancelled, created=batch.created_at)
            return cancelled

    def publish(self, batch: StoredBatch, where: View) -> None:
        """The first time a batch is seen completed its files are made, once (one commit)."""
        if where.status != "completed" or batch.published:
            return
        completed_at = where.run.entered[-1]
        with self._store.atomic():
            current = self.get(batch.id)
            if current.published:
                return
            expires = batch.output_expires_after
            for file_id, kind, size in (
                (batch.output_file_id, "output", batch.output_bytes),
                (batch.error_file_id, "error", batch.error_bytes),
            ):
                if file_id is None:
                    continue
                record = StoredFile(
                    id=file_id,
                    bytes=size,
                    created_at=completed_at,
                    filename=f"{batch.id}_{kind}.jsonl",
                    purpose="batch_output",
                    expires_at=None if expires is None else completed_at + expires,
                )
                self._files.create(record, self._store.blob(file_id) or b"")
            self._table.put(batch.id, replace(current, published=True), created=batch.created_at)
