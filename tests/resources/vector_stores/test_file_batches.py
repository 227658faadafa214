"""/v1/vector_stores/{id}/file_batches: create from file_ids or files, retrieve (one step per
retrieve), cancel, list files; one bad file fails alone."""

from __future__ import annotations

from typing import Any

from tests.conftest import envelope
from tests.resources.vector_stores.helpers import (
    DOCS,
    check_batch,
    check_file,
    create_store,
    upload,
    upload_docs,
)
from tests.schema_check import validate_openapi


def test_batch_of_file_ids_with_shared_attributes(mock_http: Any) -> None:
    store = create_store(mock_http)
    ids = upload_docs(mock_http)
    path = f"/v1/vector_stores/{store['id']}/file_batches"
    batch = mock_http.post(path, json={"file_ids": ids, "attributes": {"set": "a"}}).json()
    check_batch(batch)
    assert batch["id"].startswith("vsfb_") and batch["status"] == "in_progress"
    assert batch["file_counts"] == {
        "in_progress": 3, "completed": 0, "failed": 0, "cancelled": 0, "total": 3
    }  # fmt: skip
    done = mock_http.get(f"{path}/{batch['id']}").json()
    check_batch(done)
    assert done["status"] == "completed" and done["file_counts"]["completed"] == 3
    files = mock_http.get(f"{path}/{batch['id']}/files").json()
    validate_openapi("ListVectorStoreFilesResponse", files)
    for item in files["data"]:
        check_file(item)
        assert item["attributes"] == {"set": "a"}
    assert sorted(f["id"] for f in files["data"]) == sorted(ids)


def test_files_each_with_their_attributes_and_one_unsupported(mock_http: Any) -> None:
    store = create_store(mock_http)
    good = upload(mock_http, "cats.txt", DOCS["cats.txt"])
    bad = upload(mock_http, "sheet.xlsx", b"PK\x03\x04 not text")
    path = f"/v1/vector_stores/{store['id']}/file_batches"
    body = {"files": [{"file_id": good, "attributes": {"n": 1}}, {"file_id": bad}]}
    batch = mock_http.post(path, json=body).json()
    done = mock_http.get(f"{path}/{batch['id']}").json()
    assert done["status"] == "completed"
    assert (done["file_counts"]["completed"], done["file_counts"]["failed"]) == (1, 1)
    failed = mock_http.get(f"{path}/{batch['id']}/files", params={"filter": "failed"}).json()
    assert [f["id"] for f in failed["data"]] == [bad]
    assert failed["data"][0]["last_error"]["code"] == "unsupported_file"


def test_cancel_cancels_the_files_in_progress(mock_http: Any) -> None:
    store = create_store(mock_http)
    path = f"/v1/vector_stores/{store['id']}/file_batches"
    batch = mock_http.post(path, json={"file_ids": upload_docs(mock_http)}).json()
    cancelled = mock_http.post(f"{path}/{batch['id']}/cancel").json()
    check_batch(cancelled)
    assert cancelled["status"] == "cancelled" and cancelled["file_counts"]["cancelled"] == 3
    assert mock_http.get(f"{path}/{batch['id']}").json()["status"] == "cancelled"
    store_now = mock_http.get(f"/v1/vector_stores/{store['id']}").json()
    assert store_now["file_counts"]["cancelled"] == 3 and store_now["status"] == "completed"


def test_cancelling_a_finished_batch_changes_nothing(mock_http: Any) -> None:
    store = create_store(mock_http)
    path = f"/v1/vector_stores/{store['id']}/file_batches"
    batch = mock_http.post(path, json={"file_ids": upload_docs(mock_http)}).json()
    mock_http.get(f"{path}/{batch['id']}")
    after = mock_http.post(f"{path}/{batch['id']}/cancel").json()
    assert after["status"] == "completed" and after["file_counts"]["completed"] == 3


def test_realtime_lifecycle_moves_with_the_clock() -> None:
    from starlette.testclient import TestClient

    from mockserver import Settings, create_app
    from mockserver.clock import FixedClock
    from mockserver.testing import FROZEN_TIME
    from tests.conftest import AUTH

    settings = Settings(seed=0, clock=FixedClock(FROZEN_TIME), lifecycle="realtime")
    with TestClient(create_app(settings), base_url="http://mock", headers=AUTH) as http:
        store = create_store(http)
        path = f"/v1/vector_stores/{store['id']}/file_batches"
        batch = http.post(path, json={"file_ids": upload_docs(http)}).json()
        polled = http.get(f"{path}/{batch['id']}").json()
        assert polled["status"] == "in_progress"  # polling alone does not move real time
        http.post("/__mock__/clock", json={"advance": 5})  # past the longest step (4 s)
        assert http.get(f"{path}/{batch['id']}").json()["status"] == "completed"


def test_bad_batches(mock_http: Any) -> None:
    store = create_store(mock_http)
    path = f"/v1/vector_stores/{store['id']}/file_batches"
    neither = mock_http.post(path, json={})
    assert envelope(neither)["message"] == "One of 'file_ids' or 'files' must be provided."
    both = mock_http.post(path, json={"file_ids": ["a"], "files": [{"file_id": "a"}]})
    assert envelope(both)["message"] == "Only one of 'file_ids' and 'files' can be provided."
    for key in ("file_ids", "files"):  # found by make fuzz: an empty batch was made
        empty = envelope(mock_http.post(path, json={key: []}))
        assert (empty["param"], empty["code"]) == (key, "empty_array")
    nested = mock_http.post(path, json={"files": [{"attributes": {}}]})
    assert envelope(nested)["message"] == "Missing required parameter: 'files[0].file_id'."
    overlap = {
        "type": "static",
        "static": {"max_chunk_size_tokens": 100, "chunk_overlap_tokens": 51},
    }
    per_file = mock_http.post(
        path, json={"files": [{"file_id": "a", "chunking_strategy": overlap}]}
    )
    assert envelope(per_file)["param"] == "files[0].chunking_strategy.static.chunk_overlap_tokens"
    unknown = mock_http.get(f"{path}/vsfb_nope")
    assert unknown.status_code == 404
    assert envelope(unknown)["message"] == "No vector store file batch found with id 'vsfb_nope'."


def test_sdk_upload_and_poll(openai_client: Any) -> None:
    store = openai_client.vector_stores.create(name="kb")
    batch = openai_client.vector_stores.file_batches.upload_and_poll(
        store.id, files=[(n, d) for n, d in DOCS.items()], poll_interval_ms=0
    )
    assert batch.status == "completed" and batch.file_counts.completed == 3
