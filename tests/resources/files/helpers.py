"""Shape checks shared by the files and uploads tests."""

from __future__ import annotations

from typing import Any

from openai.types import FileObject

from tests.schema_check import validate_openapi, validate_sdk


def without_nulls(data: dict[str, Any]) -> dict[str, Any]:
    # The OpenAPI description types expires_at and status_details as non-null integers and
    # strings, while the real API sends null for a file that never expires (NOTES quirk 7).
    return {k: v for k, v in data.items() if v is not None}


def check_file(data: dict[str, Any]) -> None:
    if data["purpose"] != "evals":  # the SDK's and the spec's enums predate "evals"
        validate_sdk(FileObject, data)
        validate_openapi("OpenAIFile", without_nulls(data))
    assert list(data) == [
        "id", "object", "bytes", "created_at", "filename", "purpose", "status", "expires_at",
        "status_details",
    ]  # fmt: skip
