"""/v1/vector_stores: create, list, retrieve, modify, delete; statuses on the lifecycle, expiry,
and the real 4xx for bad input (nothing stored)."""

from __future__ import annotations

from typing import Any

import pytest
from openai.types import VectorStoreDeleted

from mockserver import Settings
from mockserver.clock import FixedClock
from mockserver.testing import FROZEN_TIME
from tests.conftest import envelope
from tests.error_catalogue import cases, check_in_process
from tests.resources.vector_stores.helpers import check_store, create_store, spec_shape, upload_docs
from tests.schema_check import validate_openapi, validate_sdk

DAY = 86_400


def test_empty_store_has_every_field(mock_http: Any) -> None:
    store = create_store(mock_http, name="notes", metadata={"course": "rag"})
    check_store(store)
    assert store == {
        "id": store["id"],
        "object": "vector_store",
        "created_at": FROZEN_TIME,
        "name": "notes",
        "usage_bytes": 0,
        "file_counts": {"in_progress": 0, "completed": 0, "failed": 0, "cancelled": 0, "total": 0},
        "status": "completed",
        "expires_after": None,
        "expires_at": None,
        "last_active_at": FROZEN_TIME,
        "metadata": {"course": "rag"},
    }
    assert store["id"].startswith("vs_")


def test_files_go_from_in_progress_to_completed_one_step_per_retrieve(mock_http: Any) -> None:
    ids = upload_docs(mock_http)
    store = create_store(mock_http, name="kb", file_ids=ids)
    assert store["status"] == "in_progress" and store["file_counts"]["in_progress"] == 3
    assert store["usage_bytes"] == 0
    again = mock_http.get(f"/v1/vector_stores/{store['id']}").json()
    check_store(again)
    assert again["status"] == "completed"
    assert again["file_counts"] == {
        "in_progress": 0, "completed": 3, "failed": 0, "cancelled": 0, "total": 3
    }  # fmt: skip
    assert again["usage_bytes"] > 0


@pytest.mark.parametrize("lifecycle", ["instant"])
def test_instant_lifecycle_completes_at_once(lifecycle: str) -> None:
    from starlette.testclient import TestClient

    from mockserver import create_app
    from tests.conftest import AUTH

    settings = Settings(seed=0, clock=FixedClock(FROZEN_TIME), lifecycle=lifecycle)
    with TestClient(create_app(settings), base_url="http://mock", headers=AUTH) as http:
        store = create_store(http, file_ids=upload_docs(http))
    assert store["status"] == "completed" and store["file_counts"]["completed"] == 3


def test_moving_the_clock_completes_files_without_polling(mock_http: Any) -> None:
    store = create_store(mock_http, file_ids=upload_docs(mock_http))
    mock_http.post("/__mock__/clock", json={"advance": 60})
    listed = mock_http.get(f"/v1/vector_stores/{store['id']}/files").json()
    assert {f["status"] for f in listed["data"]} == {"completed"}


def test_expiry_after_days_of_inactivity(mock_http: Any) -> None:
    store = create_store(mock_http, expires_after={"anchor": "last_active_at", "days": 2})
    check_store(store)
    assert store["expires_after"] == {"anchor": "last_active_at", "days": 2}
    assert store["expires_at"] == FROZEN_TIME + 2 * DAY
    mock_http.post("/__mock__/clock", json={"advance": 2 * DAY})
    expired = mock_http.get(f"/v1/vector_stores/{store['id']}").json()
    check_store(expired)
    assert expired["status"] == "expired"
    search = mock_http.post(f"/v1/vector_stores/{store['id']}/search", json={"query": "x"})
    assert search.status_code == 400
    assert envelope(search)["message"] == f"Vector store '{store['id']}' has expired."


def test_modify_name_metadata_and_expiry(mock_http: Any) -> None:
    store = create_store(mock_http, name="a", expires_after={"anchor": "last_active_at", "days": 1})
    path = f"/v1/vector_stores/{store['id']}"
    changed = mock_http.post(path, json={"name": "b", "metadata": {"k": "v"}}).json()
    check_store(changed)
    assert (changed["name"], changed["metadata"], changed["expires_after"]["days"]) == (
        "b", {"k": "v"}, 1
    )  # fmt: skip
    cleared = mock_http.post(path, json={"expires_after": None}).json()
    assert cleared["expires_after"] is None and cleared["expires_at"] is None
    assert cleared["name"] == "b"


def test_list_pages_newest_first(mock_http: Any) -> None:
    made = [create_store(mock_http, name=str(i))["id"] for i in range(3)]
    page = mock_http.get("/v1/vector_stores", params={"limit": 2}).json()
    validate_openapi(
        "ListVectorStoresResponse", {**page, "data": [spec_shape(s) for s in page["data"]]}
    )
    for store in page["data"]:
        check_store(store)
    assert [s["id"] for s in page["data"]] == [made[2], made[1]] and page["has_more"]
    rest = mock_http.get("/v1/vector_stores", params={"after": made[1]}).json()
    assert [s["id"] for s in rest["data"]] == [made[0]] and not rest["has_more"]
    asc = mock_http.get("/v1/vector_stores", params={"order": "asc"}).json()
    assert [s["id"] for s in asc["data"]] == made


def test_delete_then_404(mock_http: Any) -> None:
    store = create_store(mock_http, file_ids=upload_docs(mock_http))
    path = f"/v1/vector_stores/{store['id']}"
    deleted = mock_http.delete(path).json()
    validate_sdk(VectorStoreDeleted, deleted)
    validate_openapi("DeleteVectorStoreResponse", deleted)
    assert deleted == {"id": store["id"], "object": "vector_store.deleted", "deleted": True}
    for method, url in (("GET", path), ("DELETE", path), ("GET", path + "/files")):
        response = mock_http.request(method, url)
        assert response.status_code == 404
        assert envelope(response)["message"] == f"No vector store found with id '{store['id']}'."


def test_an_unknown_file_id_stores_nothing(mock_http: Any) -> None:
    response = mock_http.post("/v1/vector_stores", json={"file_ids": ["file-nope"]})
    assert response.status_code == 404
    assert envelope(response)["message"] == "No file found with id 'file-nope'."
    assert mock_http.get("/v1/vector_stores").json()["data"] == []


@pytest.mark.parametrize(
    ("body", "param", "message"),
    [
        ({"nope": 1}, None, "Unrecognized request argument supplied: nope"),
        ({"name": 5}, "name", "Invalid type for 'name': expected a string, but got an integer "
         "instead."),
        ({"expires_after": {"anchor": "created_at", "days": 1}}, "expires_after.anchor",
         "Invalid value: 'created_at'. Supported values are: 'last_active_at'."),
        ({"expires_after": {"anchor": "last_active_at", "days": 366}}, "expires_after.days",
         "Invalid 'expires_after.days': integer above maximum value. Expected a value <= 365, "
         "but got 366 instead."),
        ({"expires_after": {"anchor": "last_active_at"}}, "expires_after.days",
         "Missing required parameter: 'expires_after.days'."),
        ({"chunking_strategy": {"type": "fixed"}}, "chunking_strategy.type",
         "Invalid value: 'fixed'. Supported values are: 'auto' and 'static'."),
        ({"chunking_strategy": {"type": "static", "static": {"max_chunk_size_tokens": 99,
          "chunk_overlap_tokens": 0}}}, "chunking_strategy.static.max_chunk_size_tokens",
         "Invalid 'chunking_strategy.static.max_chunk_size_tokens': integer below minimum "
         "value. Expected a value >= 100, but got 99 instead."),
        ({"chunking_strategy": {"type": "static", "static": {"max_chunk_size_tokens": 4097,
          "chunk_overlap_tokens": 0}}}, "chunking_strategy.static.max_chunk_size_tokens",
         "Invalid 'chunking_strategy.static.max_chunk_size_tokens': integer above maximum "
         "value. Expected a value <= 4096, but got 4097 instead."),
        ({"chunking_strategy": {"type": "static", "static": {"max_chunk_size_tokens": 200,
          "chunk_overlap_tokens": 101}}}, "chunking_strategy.static.chunk_overlap_tokens",
         "Invalid 'chunking_strategy.static.chunk_overlap_tokens': chunk_overlap_tokens must "
         "not exceed half of max_chunk_size_tokens (100), but got 101."),
        ({"chunking_strategy": {"type": "static"}}, "chunking_strategy.static",
         "Missing required parameter: 'chunking_strategy.static'."),
        ({"metadata": {"k": 1}}, "metadata.k",
         "Invalid type for 'metadata.k': expected a string, but got an integer instead."),
    ],
)  # fmt: skip
def test_bad_create_gets_the_real_400(
    mock_http: Any, body: dict[str, Any], param: str | None, message: str
) -> None:
    response = mock_http.post("/v1/vector_stores", json=body)
    assert response.status_code == 400, response.text
    error = envelope(response)
    assert (error["message"], error["param"], error["type"]) == (
        message, param, "invalid_request_error"
    )  # fmt: skip
    assert mock_http.get("/v1/vector_stores").json()["data"] == []


def test_static_overlap_of_exactly_half_is_accepted(mock_http: Any) -> None:
    strategy = {
        "type": "static",
        "static": {"max_chunk_size_tokens": 200, "chunk_overlap_tokens": 100},
    }
    assert create_store(mock_http, chunking_strategy=strategy)["status"] == "completed"


@pytest.mark.parametrize("case", cases("/v1/vector_stores"))
def test_error_catalogue(mock_http: Any, case: dict[str, Any]) -> None:
    check_in_process(mock_http, case)
