"""Statuses read off the records: a file's on the lifecycle, a batch's and a store's off their
files."""

from __future__ import annotations

from mockserver.resources.vector_stores.backend import (
    Clock,
    StoredBatch,
    StoredStoreFile,
    StoredVectorStore,
    VectorStores,
    file_counts,
    file_status,
)
from mockserver.state.store import MemoryStore

NOW = 1_700_000_000


def _file(file_id: str, outcome: str = "completed", **fields: object) -> StoredStoreFile:
    values: dict[str, object] = {
        "id": file_id, "vector_store_id": "vs_1", "created_at": NOW, "filename": f"{file_id}.txt",
        "attributes": None, "max_tokens": 800, "overlap_tokens": 400, "outcome": outcome,
        "last_error": None, "chunks": ["text"], "usage_bytes": 4, **fields,
    }  # fmt: skip
    return StoredStoreFile(**values)  # type: ignore[arg-type]


def test_a_file_reaches_its_outcome_after_one_poll_or_its_time() -> None:
    poll = Clock("poll", NOW, 0)
    assert file_status(_file("a"), poll) == "in_progress"
    assert file_status(_file("a", polls=1), poll) == "completed"
    assert file_status(_file("a", "failed", polls=5), poll) == "failed"
    assert file_status(_file("a"), Clock("poll", NOW + 10, 0)) == "completed"
    assert file_status(_file("a"), Clock("instant", NOW, 0)) == "completed"
    assert file_status(_file("a", cancelled=True, polls=3), poll) == "cancelled"


def test_counts_have_every_status_and_the_total() -> None:
    assert file_counts(["completed", "failed", "completed"]) == {
        "in_progress": 0, "completed": 2, "failed": 1, "cancelled": 0, "total": 3
    }  # fmt: skip


def test_a_batch_of_only_failed_files_failed_and_a_store_is_done_when_none_run() -> None:
    stores = VectorStores(MemoryStore())
    record = StoredVectorStore("vs_1", NOW, "kb", None, {}, None, NOW)
    files = [_file("a", "failed", batch_id="vsfb_1"), _file("b", "failed", batch_id="vsfb_1")]
    stores.create(record, files)
    batch = StoredBatch("vsfb_1", "vs_1", NOW, ["a", "b"])
    clock = Clock("poll", NOW, 0)
    assert stores.render_batch(batch, clock)["status"] == "in_progress"
    assert stores.render(record, clock)["status"] == "in_progress"
    stores.poll(stores.batch_files(batch))
    assert stores.render_batch(batch, clock)["status"] == "failed"
    shown = stores.render(record, clock)
    assert (shown["status"], shown["usage_bytes"], shown["file_counts"]["failed"]) == (
        "completed", 0, 2
    )  # fmt: skip
