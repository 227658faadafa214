"""Shared by the containers tests: each object checked against the SDK type and the OpenAPI
component."""

from __future__ import annotations

from typing import Any

from openai.types import ContainerRetrieveResponse
from openai.types.containers import FileRetrieveResponse

from tests.schema_check import validate_openapi, validate_sdk


def check_container(data: dict[str, Any]) -> None:
    validate_sdk(ContainerRetrieveResponse, data)
    validate_openapi("ContainerResource", data)


def check_file(data: dict[str, Any]) -> None:
    validate_sdk(FileRetrieveResponse, data)
    validate_openapi("ContainerFileResource", data)


def new_container(http: Any, **body: Any) -> dict[str, Any]:
    response = http.post("/v1/containers", json={"name": "box", **body})
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    check_container(data)
    return data
