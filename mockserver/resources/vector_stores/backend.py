"""Vector stores, the files attached to them and file batches: records in the
``vector_stores``, ``vector_store_files`` and ``vector_store_file_batches`` tables.

A file's text is extracted and chunked when it is attached (``ingest``); what it will end as
(completed, or failed with its ``last_error``) is fixed then. Its shown status moves from
``in_progress`` to that end on the mock's lifecycle (state/lifecycle.py): in the default
``poll`` mode, one step per retrieve of the file, of its batch or of its store, which each
count as a poll of it. A store's and a batch's status and ``file_counts`` are read off their
files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from ...state.lifecycle import Lifecycle
from ...state.store import StateStore, dataclass_codec
from . import errors
from .ingest import Chunking

DAY = 86_400
# Real-time mode: a few seconds to process a small file.
PROCESSING_SECONDS = ((1.0, 4.0),)
LIFECYCLES = {
    end: Lifecycle(("in_progress", end), PROCESSING_SECONDS) for end in ("completed", "failed")
}
STATUSES = ("in_progress", "completed", "failed", "cancelled")


@dataclass(frozen=True)
class StoredVectorStore:
    id: str
    created_at: int
    name: str
    description: str | None
    metadata: dict[str, str]
    expires_after_days: int | None
    last_active_at: int

    def expires_at(self) -> int | None:
        days = self.expires_after_days
        return None if days is None else self.last_active_at + days * DAY

    def expired(self, now: int) -> bool:
        expires = self.expires_at()
        return expires is not None and now >= expires


@dataclass(frozen=True)
class StoredStoreFile:
    id: str  # the File's id
    vector_store_id: str
    created_at: int
    filename: str
    attributes: dict[str, Any] | None
    max_tokens: int
    overlap_tokens: int
    outcome: str  # completed | failed: where processing ends
    last_error: dict[str, str] | None
    chunks: list[str]
    usage_bytes: int
    batch_id: str | None = None
    polls: int = 0
    cancelled: bool = False

    @property
    def key(self) -> str:
        return store_file_key(self.vector_store_id, self.id)


@dataclass(frozen=True)
class StoredBatch:
    id: str
    vector_store_id: str
    created_at: int
    file_ids: list[str]
    cancelled: bool = False


def store_file_key(vector_store_id: str, file_id: str) -> str:
    return f"{vector_store_id}/{file_id}"


@dataclass(frozen=True)
class Clock:
    """What a status depends on besides the record: the lifecycle mode, the time, the seed."""

    mode: str
    now: int
    seed: int


def file_status(record: StoredStoreFile, clock: Clock) -> str:
    if record.cancelled:
        return "cancelled"
    progress = LIFECYCLES[record.outcome].progress(
        clock.mode, created=record.created_at, now=clock.now, polls=record.polls,
        seed=clock.seed, key=record.key,
    )  # fmt: skip
    return progress.status


def file_counts(statuses: Iterable[str]) -> dict[str, int]:
    counts = dict.fromkeys(("in_progress", "completed", "failed", "cancelled"), 0)
    for status in statuses:
        counts[status] += 1
    return {**counts, "total": sum(counts.values())}


def render_file(record: StoredStoreFile, clock: Clock) -> dict[str, Any]:
    status = file_status(record, clock)
    return {
        "id": record.id,
        "object": "vector_store.file",
        "usage_bytes": record.usage_bytes if status == "completed" else 0,
        "created_at": record.created_at,
        "vector_store_id": record.vector_store_id,
        "status": status,
        "last_error": record.last_error if status == "failed" else None,
        "chunking_strategy": Chunking(record.max_tokens, record.overlap_tokens).to_api(),
        "attributes": record.attributes or {},
    }


class VectorStores:
    def __init__(self, store: StateStore) -> None:
        self._store = store
        self._stores = store.table("vector_stores", dataclass_codec(StoredVectorStore))
        self._files = store.table("vector_store_files", dataclass_codec(StoredStoreFile))
        self._batches = store.table("vector_store_file_batches", dataclass_codec(StoredBatch))

    # --- stores ----------------------------------------------------------------------------

    def create(self, record: StoredVectorStore, files: list[StoredStoreFile]) -> None:
        with self._store.atomic():  # the store and its first files, or nothing
            self._stores.insert(record.id, record, created=record.created_at)
            for file in files:
                self._files.put(file.key, file, created=file.created_at)

    def get(self, vector_store_id: str) -> StoredVectorStore:
        record = self._stores.get(vector_store_id)
        if record is None:
            raise errors.vector_store_not_found(vector_store_id)
        return record

    def all(self) -> list[StoredVectorStore]:
        return self._stores.values()

    def change(self, vector_store_id: str, **changes: Any) -> StoredVectorStore:
        changed = self._stores.update(vector_store_id, lambda r: replace(r, **changes))
        if changed is None:
            raise errors.vector_store_not_found(vector_store_id)
        return changed

    def delete(self, vector_store_id: str) -> None:
        with self._store.atomic():
            if self._stores.delete(vector_store_id) is None:
                raise errors.vector_store_not_found(vector_store_id)
            for file in self.files_of(vector_store_id):
                self._files.delete(file.key)
            for batch in self._batches.values():
                if batch.vector_store_id == vector_store_id:
                    self._batches.delete(batch.id)

    def render(self, record: StoredVectorStore, clock: Clock) -> dict[str, Any]:
        files = self.files_of(record.id)
        statuses = [file_status(f, clock) for f in files]
        if record.expired(clock.now):
            status = "expired"
        else:
            status = "in_progress" if "in_progress" in statuses else "completed"
        days = record.expires_after_days
        return {
            "id": record.id,
            "object": "vector_store",
            "created_at": record.created_at,
            "name": record.name,
            "usage_bytes": sum(
                f.usage_bytes for f, s in zip(files, statuses, strict=True) if s == "completed"
            ),
            "file_counts": file_counts(statuses),
            "status": status,
            "expires_after": None if days is None else {"anchor": "last_active_at", "days": days},
            "expires_at": record.expires_at(),
            "last_active_at": record.last_active_at,
            "metadata": record.metadata,
        }

    # --- files -----------------------------------------------------------------------------

    def files_of(self, vector_store_id: str) -> list[StoredStoreFile]:
        return [f for f in self._files.values() if f.vector_store_id == vector_store_id]

    def attach(
        self, vector_store_id: str, files: list[StoredStoreFile], batch: StoredBatch | None = None
    ) -> None:
        """Files join a store (one already there is replaced), with their batch if any."""
        with self._store.atomic():
            self.get(vector_store_id)  # not deleted meanwhile
            for file in files:
                self._files.put(file.key, file, created=file.created_at)
            if batch is not None:
                self._batches.insert(batch.id, batch, created=batch.created_at)

    def file(self, vector_store_id: str, file_id: str) -> StoredStoreFile:
        self.get(vector_store_id)
        record = self._files.get(store_file_key(vector_store_id, file_id))
        if record is None:
            raise errors.file_not_in_store(file_id, vector_store_id)
        return record

    def poll(self, records: Iterable[StoredStoreFile]) -> list[StoredStoreFile]:
        """Count one poll of each file (a retrieve that shows its status)."""
        polled = []
        for record in records:
            new = self._files.update(record.key, lambda r: replace(r, polls=r.polls + 1))
            polled.append(new if new is not None else record)
        return polled

    def update_file(self, record: StoredStoreFile, **changes: Any) -> StoredStoreFile:
        new = self._files.update(record.key, lambda r: replace(r, **changes))
        if new is None:
            raise errors.file_not_in_store(record.id, record.vector_store_id)
        return new

    def detach(self, vector_store_id: str, file_id: str) -> None:
        self.get(vector_store_id)
        if self._files.delete(store_file_key(vector_store_id, file_id)) is None:
            raise errors.file_not_in_store(file_id, vector_store_id)

    # --- batches ---------------------------------------------------------------------------

    def batch(self, vector_store_id: str, batch_id: str) -> StoredBatch:
        self.get(vector_store_id)
        record = self._batches.get(batch_id)
        if record is None or record.vector_store_id != vector_store_id:
            raise errors.batch_not_found(batch_id)
        return record

    def batch_files(self, batch: StoredBatch) -> list[StoredStoreFile]:
        keys = {store_file_key(batch.vector_store_id, f) for f in batch.file_ids}
        return [
            f for f in self.files_of(batch.vector_store_id)
            if f.key in keys and f.batch_id == batch.id
        ]  # fmt: skip

    def cancel(self, batch: StoredBatch, clock: Clock) -> StoredBatch:
        """The batch's files still in progress are cancelled, the others keep their end; a
        batch with none in progress has nothing left to cancel and stays as it is."""
        with self._store.atomic():
            running = [f for f in self.batch_files(batch) if file_status(f, clock) == "in_progress"]
            if not running:
                return batch
            for file in running:
                self._files.update(file.key, lambda r: replace(r, cancelled=True))
            cancelled = self._batches.update(batch.id, lambda r: replace(r, cancelled=True))
        return cancelled or batch

    def render_batch(self, batch: StoredBatch, clock: Clock) -> dict[str, Any]:
        statuses = [file_status(f, clock) for f in self.batch_files(batch)]
        if batch.cancelled:
            status = "cancelled"
        elif "in_progress" in statuses:
            status = "in_progress"
        elif statuses and all(s == "failed" for s in statuses):
            status = "failed"
        else:
            status = "completed"
        return {
            "id": batch.id,
            "object": "vector_store.files_batch",
            "created_at": batch.created_at,
            "vector_store_id": batch.vector_store_id,
            "status": status,
            "file_counts": file_counts(statuses),
        }
