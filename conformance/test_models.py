"""GET /v1/models and /v1/models/{id}: shapes, consistency, headers, authentication."""

from __future__ import annotations

import pytest
from openai.types import Model

from . import checks, schemas
from .target import Target

ENDPOINT = "/v1/models"


def at(feature: str) -> pytest.MarkDecorator:
    return pytest.mark.conformance(ENDPOINT, feature)


@at("list shape")
def test_list_models_shape(target: Target) -> None:
    data = checks.expect_json(target.get("/models"), schemas.ModelList, "ListModelsResponse")
    assert data["data"], "the model list is empty"
    ids = [m["id"] for m in data["data"]]
    assert len(ids) == len(set(ids)), "duplicate model ids"


@at("retrieve")
def test_retrieve_listed_model(target: Target) -> None:
    listed = target.get("/models").json()["data"]
    wanted = target.models.chat
    entry = next((m for m in listed if m["id"] == wanted), listed[0])
    data = checks.expect_json(target.get(f"/models/{entry['id']}"), Model, "Model")
    assert data == entry, f"retrieve gives {data}, the list gives {entry}"


@at("retrieve")
def test_sdk_reads_models(target: Target) -> None:
    client = target.sdk()
    ids = [m.id for m in client.models.list()]
    assert target.models.chat in ids, f"{target.models.chat} not in the model list"
    assert client.models.retrieve(target.models.chat).id == target.models.chat


@at("headers")
def test_request_id_header(target: Target) -> None:
    response = target.get("/models")
    checks.expect_header(response, "x-request-id", r"req_[0-9a-zA-Z]+")
    other = target.get("/models").headers.get("x-request-id")
    assert other != response.headers["x-request-id"], "x-request-id repeats across requests"


@at("headers")
def test_request_id_header_on_errors(target: Target) -> None:
    response = target.error_request(ENDPOINT, "GET", "/models/gpt-nonexistent")
    checks.expect_error(response, 404)
    checks.expect_header(response, "x-request-id", r"req_[0-9a-zA-Z]+")


@at("auth")
def test_missing_key_is_401(target: Target) -> None:
    error = checks.expect_error(target.get("/models", key=None), 401)
    assert error["type"] == "invalid_request_error", error
