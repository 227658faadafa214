"""/v1/vector_stores/{id}/files: attach, list with a status filter, retrieve, update attributes,
detach, content; an unsupported file fails alone with the real ``last_error``."""

from __future__ import annotations

from typing import Any

import pytest
from openai.types.vector_stores import FileContentResponse, VectorStoreFileDeleted

from mockserver.testing import FROZEN_TIME
from tests.conftest import envelope
from tests.resources.vector_stores.helpers import (
    DOCS,
    check_file,
    create_store,
    upload,
    upload_docs,
)
from tests.schema_check import validate_openapi, validate_sdk


def _attach(http: Any, store_id: str, **body: Any) -> Any:
    return http.post(f"/v1/vector_stores/{store_id}/files", json=body)


def test_attach_then_poll_to_completed(mock_http: Any) -> None:
    store = create_store(mock_http)
    file_id = upload(mock_http, "cats.txt", DOCS["cats.txt"])
    made = _attach(mock_http, store["id"], file_id=file_id, attributes={"topic": "pets"}).json()
    check_file(made)
    assert made == {
        "id": file_id,
        "object": "vector_store.file",
        "usage_bytes": 0,
        "created_at": FROZEN_TIME,
        "vector_store_id": store["id"],
        "status": "in_progress",
        "last_error": None,
        "chunking_strategy": {
            "type": "static",
            "static": {"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400},
        },
        "attributes": {"topic": "pets"},
    }
    done = mock_http.get(f"/v1/vector_stores/{store['id']}/files/{file_id}").json()
    check_file(done)
    assert done["status"] == "completed" and done["usage_bytes"] == len(DOCS["cats.txt"])


def test_unsupported_file_fails_with_the_real_last_error(mock_http: Any) -> None:
    store = create_store(mock_http)
    file_id = upload(mock_http, "photo.png", b"\x89PNG\r\n\x1a\n")
    made = _attach(mock_http, store["id"], file_id=file_id).json()
    assert made["status"] == "in_progress"
    failed = mock_http.get(f"/v1/vector_stores/{store['id']}/files/{file_id}").json()
    check_file(failed)
    assert failed["status"] == "failed" and failed["usage_bytes"] == 0
    assert failed["last_error"] == {
        "code": "unsupported_file",
        "message": "The file type is not supported.",
    }


def test_list_filters_by_status_and_pages(mock_http: Any) -> None:
    ids = upload_docs(mock_http)
    bad = upload(mock_http, "archive.zip", b"PK\x03\x04")
    store = create_store(mock_http, file_ids=[*ids, bad])
    mock_http.get(f"/v1/vector_stores/{store['id']}")  # one poll: all reach their end
    path = f"/v1/vector_stores/{store['id']}/files"
    everything = mock_http.get(path).json()
    validate_openapi("ListVectorStoreFilesResponse", everything)
    for item in everything["data"]:
        check_file(item)
    assert len(everything["data"]) == 4
    failed = mock_http.get(path, params={"filter": "failed"}).json()
    assert [f["id"] for f in failed["data"]] == [bad]
    completed = mock_http.get(path, params={"filter": "completed", "limit": 2}).json()
    assert len(completed["data"]) == 2 and completed["has_more"]
    after = mock_http.get(
        path, params={"filter": "completed", "after": completed["last_id"]}
    ).json()
    assert len(after["data"]) == 1 and not after["has_more"]
    wrong = mock_http.get(path, params={"filter": "done"})
    assert wrong.status_code == 400
    assert envelope(wrong)["message"] == (
        "Invalid value: 'done'. Supported values are: 'in_progress', 'completed', 'failed', "
        "and 'cancelled'."
    )


def test_update_attributes(mock_http: Any) -> None:
    store = create_store(mock_http, file_ids=upload_docs(mock_http)[:1])
    file_id = mock_http.get(f"/v1/vector_stores/{store['id']}/files").json()["first_id"]
    path = f"/v1/vector_stores/{store['id']}/files/{file_id}"
    changed = mock_http.post(path, json={"attributes": {"year": 2024, "draft": False}}).json()
    check_file(changed)
    assert changed["attributes"] == {"year": 2024, "draft": False}
    missing = mock_http.post(path, json={})
    assert envelope(missing)["message"] == "Missing required parameter: 'attributes'."
    long_value = mock_http.post(path, json={"attributes": {"k": "x" * 513}})
    assert envelope(long_value)["code"] == "string_above_max_length"
    nested = mock_http.post(path, json={"attributes": {"k": {"a": 1}}})
    assert envelope(nested)["param"] == "attributes.k"


def test_content_is_the_parsed_text_in_chunks(mock_http: Any) -> None:
    file_id = upload(mock_http, "bread.html", DOCS["bread.html"])
    store = create_store(mock_http, file_ids=[file_id])
    path = f"/v1/vector_stores/{store['id']}/files/{file_id}/content"
    assert mock_http.get(path).json()["data"] == []  # not processed yet
    mock_http.get(f"/v1/vector_stores/{store['id']}/files/{file_id}")
    page = mock_http.get(path).json()
    validate_openapi("VectorStoreFileContentResponse", page)
    for item in page["data"]:
        validate_sdk(FileContentResponse, item)
    assert page == {
        "object": "vector_store.file_content.page",
        "data": [
            {"type": "text", "text": "Bread\nBread is baked from flour, water, salt and yeast."}
        ],
        "has_more": False,
        "next_page": None,
    }


def test_detach_keeps_the_file(mock_http: Any) -> None:
    file_id = upload(mock_http, "cats.txt", DOCS["cats.txt"])
    store = create_store(mock_http, file_ids=[file_id])
    path = f"/v1/vector_stores/{store['id']}/files/{file_id}"
    deleted = mock_http.delete(path).json()
    validate_sdk(VectorStoreFileDeleted, deleted)
    validate_openapi("DeleteVectorStoreFileResponse", deleted)
    assert deleted == {"id": file_id, "object": "vector_store.file.deleted", "deleted": True}
    gone = mock_http.get(path)
    assert gone.status_code == 404
    assert envelope(gone)["message"] == (
        f"No file found with id '{file_id}' in vector store '{store['id']}'."
    )
    assert mock_http.get(f"/v1/files/{file_id}").status_code == 200
    store_now = mock_http.get(f"/v1/vector_stores/{store['id']}").json()
    assert store_now["file_counts"]["total"] == 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "Missing required parameter: 'file_id'."),
        ({"file_id": "file-nope"}, "No file found with id 'file-nope'."),
        ({"file_id": "x", "attributes": {str(i): i for i in range(17)}},
         "Invalid 'attributes': too many properties. Expected an object with at most 16 "
         "properties, but got an object with 17 properties instead."),
    ],
)  # fmt: skip
def test_bad_attach_stores_nothing(mock_http: Any, body: dict[str, Any], message: str) -> None:
    store = create_store(mock_http)
    response = _attach(mock_http, store["id"], **body)
    assert response.status_code in (400, 404)
    assert envelope(response)["message"] == message
    assert mock_http.get(f"/v1/vector_stores/{store['id']}/files").json()["data"] == []


def test_sdk_create_and_poll(openai_client: Any) -> None:
    store = openai_client.vector_stores.create(name="kb")
    made = openai_client.files.create(
        file=("notes.md", b"# Notes\nsome text"), purpose="assistants"
    )
    done = openai_client.vector_stores.files.create_and_poll(
        file_id=made.id, vector_store_id=store.id, poll_interval_ms=0
    )
    assert done.status == "completed" and done.last_error is None
    text = [
        c.text for c in openai_client.vector_stores.files.content(made.id, vector_store_id=store.id)
    ]
    assert text == ["# Notes\nsome text"]
