"""/v1/vector_stores: a store made of three small uploaded documents, polled until its files are
processed (shape, file_counts, usage_bytes, the files' parsed text), searched (the document that
shares the query's words first, scores in [0, 1], attribute filters), an unsupported file failing
alone with the real ``last_error``, and delete then 404. Everything made is deleted again.

Costly area ``vector_stores`` (``-m vector_stores``): a paid target keeps the files and stores
for the run, and a search may be billed as a file-search call."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import Any

import pydantic
import pytest
from openai.types import FileObject, VectorStore, VectorStoreDeleted, VectorStoreSearchResponse
from openai.types.vector_stores import FileContentResponse, VectorStoreFile

from . import checks, schemas
from .target import Target

STORES = "/v1/vector_stores"
# Three documents, each sharing words with one query only.
DOCS = {
    "conformance-cats.txt": "Cats are small furry felines. A cat purrs, naps and chases mice.",
    "conformance-rockets.md": "# Rockets\nA rocket burns fuel to lift a payload into orbit.",
    "conformance-bread.html": "<html><body><h1>Bread</h1><p>Bread is baked from flour, water "
    "and yeast.</p></body></html>",
}
TOPICS = {
    "conformance-cats.txt": "pets",
    "conformance-rockets.md": "space",
    "conformance-bread.html": "food",
}
# How often to look again while files are processed, and for how long at most (a real target
# takes seconds; the mock takes one retrieve).
POLL_SECONDS = 1.0
POLL_ATTEMPTS = 60


class VectorStoreList(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="allow")
    object: str
    data: list[VectorStore]
    first_id: str | None
    last_id: str | None
    has_more: bool


class VectorStoreFileList(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="allow")
    object: str
    data: list[VectorStoreFile]
    first_id: str | None
    last_id: str | None
    has_more: bool


def at(feature: str) -> pytest.MarkDecorator:
    return pytest.mark.conformance(STORES, feature)


pytestmark = pytest.mark.vector_stores


def _spec_shape(store: dict[str, Any]) -> dict[str, Any]:
    # The spec types expires_after as a non-null object; the API sends null for a store that
    # never expires.
    return {k: v for k, v in store.items() if not (k == "expires_after" and v is None)}


def _store(response: Any) -> dict[str, Any]:
    data: dict[str, Any] = checks.expect_json(response, VectorStore, None)
    schemas.validate_openapi("VectorStoreObject", _spec_shape(data))
    assert data["object"] == "vector_store", data
    return data


def _upload(target: Target, name: str, text: str) -> str:
    response = target.request(
        "POST", "/files", files={"file": (name, text.encode(), "text/plain")},
        data={"purpose": "assistants"},
    )  # fmt: skip
    made: dict[str, Any] = checks.expect_json(response, FileObject, None)
    return str(made["id"])


def _poll(target: Target, fetch: Callable[[], dict[str, Any]], done: Callable[[Any], bool]) -> Any:
    """``fetch()`` until ``done``; only a target that is not the mock is waited for."""
    for _ in range(POLL_ATTEMPTS):
        got = fetch()
        if done(got):
            return got
        if not target.is_mock:
            time.sleep(POLL_SECONDS)
    raise AssertionError(f"still processing after {POLL_ATTEMPTS} polls: {got}")


@contextlib.contextmanager
def uploaded(target: Target) -> Iterator[dict[str, str]]:
    """name -> File id of the three documents, deleted afterwards."""
    ids: dict[str, str] = {}
    try:
        for name, text in DOCS.items():
            ids[name] = _upload(target, name, text)
        yield ids
    finally:
        for file_id in ids.values():
            target.request("DELETE", f"/files/{file_id}")


@contextlib.contextmanager
def processed_store(target: Target, documents: dict[str, str]) -> Iterator[dict[str, Any]]:
    """A store of the documents, each with a ``topic`` attribute, polled until processed."""
    made = _store(target.post("/vector_stores", {"name": "conformance", "metadata": {"k": "v"}}))
    try:
        files = [
            {"file_id": file_id, "attributes": {"topic": TOPICS[name]}}
            for name, file_id in documents.items()
        ]
        batch = target.post(f"/vector_stores/{made['id']}/file_batches", {"files": files})
        assert batch.status_code == 200, batch.text[:300]
        path = f"/vector_stores/{made['id']}"
        yield _poll(
            target,
            lambda: _store(target.get(path)),
            lambda s: s["file_counts"]["in_progress"] == 0,
        )
    finally:
        target.request("DELETE", f"/vector_stores/{made['id']}")


@pytest.fixture(scope="module")
def documents(target: Target) -> Iterator[dict[str, str]]:
    if not target.serves(STORES):
        pytest.skip(f"not served: {STORES}")
    with uploaded(target) as ids:
        yield ids


@pytest.fixture(scope="module")
def store(target: Target, documents: dict[str, str]) -> Iterator[dict[str, Any]]:
    with processed_store(target, documents) as made:
        yield made


StoreCheck = Callable[[Target, dict[str, Any], dict[str, str]], None]


def standalone(check: StoreCheck) -> Callable[[Target], None]:
    """A check with a store of its own: how the suite's tests run one against one target."""

    def run(target: Target) -> None:
        with uploaded(target) as ids, processed_store(target, ids) as made:
            check(target, made, ids)

    run.__name__ = check.__name__
    return run


@at("round trip")
def test_store_of_three_documents_is_processed(
    target: Target, store: dict[str, Any], documents: dict[str, str]
) -> None:
    counts = store["file_counts"]
    assert counts == {"in_progress": 0, "completed": 3, "failed": 0, "cancelled": 0, "total": 3}, (
        f"file_counts {counts}, expected 3 completed of 3"
    )
    assert store["status"] == "completed", store
    assert store["usage_bytes"] > 0, f"usage_bytes {store['usage_bytes']} for 3 processed files"
    listed = checks.expect_json(
        target.get(f"/vector_stores/{store['id']}/files", params={"filter": "completed"}),
        VectorStoreFileList,
        None,
    )
    schemas.validate_openapi("ListVectorStoreFilesResponse", listed)
    assert sorted(f["id"] for f in listed["data"]) == sorted(documents.values()), (
        "the completed files listed are not the three attached"
    )
    for item in listed["data"]:
        schemas.validate_openapi("VectorStoreFileObject", item)
        assert item["last_error"] is None and item["usage_bytes"] > 0, item
    rockets = documents["conformance-rockets.md"]
    content = target.get(f"/vector_stores/{store['id']}/files/{rockets}/content")
    page = checks.body_of(content)
    assert content.status_code == 200, content.text[:300]
    schemas.validate_openapi("VectorStoreFileContentResponse", page)
    for item in page["data"]:
        schemas.validate_sdk(FileContentResponse, item)
    text = " ".join(item["text"] for item in page["data"])
    assert "payload into orbit" in text, f"the parsed text is not the document's: {text[:200]!r}"


def _search(target: Target, store_id: str, **body: Any) -> dict[str, Any]:
    response = target.post(f"/vector_stores/{store_id}/search", body)
    page: dict[str, Any] = checks.body_of(response)
    assert response.status_code == 200, response.text[:300]
    schemas.validate_openapi("VectorStoreSearchResultsPage", page)
    for item in page["data"]:
        schemas.validate_sdk(VectorStoreSearchResponse, item)
    return page


@at("search")
def test_search_ranks_the_document_sharing_the_query_s_words_first(
    target: Target, store: dict[str, Any], documents: dict[str, str]
) -> None:
    page = _search(target, store["id"], query="Which rocket lifts a payload into orbit?")
    assert page["data"], "no results"
    first = page["data"][0]
    assert first["file_id"] == documents["conformance-rockets.md"], (
        f"first result is {first['filename']}, expected conformance-rockets.md"
    )
    assert first["filename"] == "conformance-rockets.md", first
    assert any("orbit" in part["text"] for part in first["content"]), first["content"]
    scores = [hit["score"] for hit in page["data"]]
    assert all(0 <= s <= 1 for s in scores), f"scores outside [0, 1]: {scores}"
    assert scores == sorted(scores, reverse=True), f"results not best first: {scores}"


@at("search filters")
def test_search_filters_on_attributes(
    target: Target, store: dict[str, Any], documents: dict[str, str]
) -> None:
    page = _search(
        target, store["id"], query="rocket orbit",
        filters={"type": "eq", "key": "topic", "value": "food"},
    )  # fmt: skip
    found = {hit["file_id"] for hit in page["data"]}
    assert found <= {documents["conformance-bread.html"]}, (
        f"a filter on topic=food returned other files: {sorted(found)}"
    )
    one = _search(target, store["id"], query="rocket orbit", max_num_results=1)
    assert len(one["data"]) <= 1, f"max_num_results 1 gave {len(one['data'])} results"


@at("unsupported file")
def test_unsupported_file_fails_alone_with_the_real_last_error(
    target: Target, store: dict[str, Any], documents: dict[str, str]
) -> None:
    file_id = _upload(target, "conformance-archive.bin", "\x00\x01 not a document")
    try:
        path = f"/vector_stores/{store['id']}/files"
        made = target.post(path, {"file_id": file_id})
        checks.expect_json(made, VectorStoreFile, None)
        failed = _poll(
            target,
            lambda: checks.expect_json(target.get(f"{path}/{file_id}"), VectorStoreFile, None),
            lambda f: f["status"] != "in_progress",
        )
        assert failed["status"] == "failed", f"status {failed['status']}, expected failed"
        assert failed["last_error"] == {
            "code": "unsupported_file",
            "message": "The file type is not supported.",
        }, failed["last_error"]
        target.request("DELETE", f"{path}/{file_id}")
    finally:
        target.request("DELETE", f"/files/{file_id}")
    again = _store(target.get(f"/vector_stores/{store['id']}"))
    assert again["file_counts"]["completed"] == 3, "the other files did not stay completed"


@at("delete")
def test_deleted_store_is_gone(target: Target) -> None:
    if not target.serves(STORES):
        pytest.skip(f"not served: {STORES}")
    made = _store(target.post("/vector_stores", {"name": "conformance-delete"}))
    listed = checks.expect_json(
        target.get("/vector_stores", params={"limit": 100}), VectorStoreList, None
    )
    assert made["id"] in [s["id"] for s in listed["data"]], "the new store is not listed"
    deleted = checks.expect_json(
        target.request("DELETE", f"/vector_stores/{made['id']}"),
        VectorStoreDeleted,
        "DeleteVectorStoreResponse",
    )
    assert deleted == {"id": made["id"], "object": "vector_store.deleted", "deleted": True}
    gone = target.error_request(STORES, "GET", f"/vector_stores/{made['id']}")
    error = checks.expect_error(gone, 404)
    assert error["message"] == f"No vector store found with id '{made['id']}'.", error
