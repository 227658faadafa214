"""Shared by the vector store tests: uploads, and each object checked against the SDK type and
the OpenAPI component."""

from __future__ import annotations

from typing import Any

from openai.types import VectorStore, VectorStoreSearchResponse
from openai.types.vector_stores import VectorStoreFile, VectorStoreFileBatch

from tests.schema_check import validate_openapi, validate_sdk

DOCS = {
    "cats.txt": b"Cats are small furry felines. A cat purrs, naps in the sun and chases mice.",
    "rockets.md": b"# Rockets\nA rocket burns fuel to lift a payload into orbit around the Earth.",
    "bread.html": (
        b"<html><head><title>x</title></head><body><h1>Bread</h1>"
        b"<p>Bread is baked from flour, water, salt and yeast.</p><script>hidden()</script>"
        b"</body></html>"
    ),
}


def upload(http: Any, name: str, data: bytes) -> str:
    made = http.post(
        "/v1/files", files={"file": (name, data)}, data={"purpose": "assistants"}
    ).json()
    file_id: str = made["id"]
    return file_id


def upload_docs(http: Any, docs: dict[str, bytes] = DOCS) -> list[str]:
    return [upload(http, name, data) for name, data in docs.items()]


def create_store(http: Any, **body: Any) -> dict[str, Any]:
    response = http.post("/v1/vector_stores", json=body)
    assert response.status_code == 200, response.text
    store: dict[str, Any] = response.json()
    return store


def check_store(data: dict[str, Any]) -> None:
    validate_sdk(VectorStore, data)
    # The spec types expires_after as a non-null object; the API sends null for a store that
    # never expires (as for files' expires_at, NOTES quirk 7).
    validate_openapi("VectorStoreObject", spec_shape(data))


def spec_shape(store: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in store.items() if not (k == "expires_after" and v is None)}


def check_file(data: dict[str, Any]) -> None:
    validate_sdk(VectorStoreFile, data)
    validate_openapi("VectorStoreFileObject", data)


def check_batch(data: dict[str, Any]) -> None:
    validate_sdk(VectorStoreFileBatch, data)
    validate_openapi("VectorStoreFileBatchObject", data)


def check_search(page: dict[str, Any]) -> None:
    validate_openapi("VectorStoreSearchResultsPage", page)
    for item in page["data"]:
        validate_sdk(VectorStoreSearchResponse, item)
