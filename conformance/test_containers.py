"""/v1/containers: a container created (its shape and defaults: running, 20 minutes after its
last activity, 1g of memory), found in the list, retrieved alike, deleted, then a 404.

Costly area ``code_interpreter`` (``-m code_interpreter``): a container is billed as a code
interpreter session on a paid target."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest
from openai.types import ContainerCreateResponse, ContainerListResponse, ContainerRetrieveResponse

from . import checks
from .target import Target

ENDPOINT = "/v1/containers"


class ContainerList(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="allow")
    object: str
    data: list[ContainerListResponse]
    first_id: str | None
    last_id: str | None
    has_more: bool


@pytest.mark.code_interpreter
@pytest.mark.conformance(ENDPOINT, "create, list, retrieve, delete", requests=5)
def test_create_list_retrieve_delete(target: Target) -> None:
    made: dict[str, Any] = checks.expect_json(
        target.post("/containers", {"name": "conformance"}),
        ContainerCreateResponse,
        "ContainerResource",
    )
    container_id = made["id"]
    try:
        assert container_id.startswith("cntr_") and made["object"] == "container", made
        assert made["name"] == "conformance" and made["status"] == "running", made
        assert made["expires_after"] == {"anchor": "last_active_at", "minutes": 20}, made
        listed = target.get("/containers", params={"limit": 100})
        page = checks.expect_json(listed, ContainerList, "ContainerListResource")
        assert container_id in [c["id"] for c in page["data"]], f"{container_id} is not listed"
        again = checks.expect_json(
            target.get(f"/containers/{container_id}"),
            ContainerRetrieveResponse,
            "ContainerResource",
        )
        assert again["id"] == container_id and again["name"] == made["name"], again
    finally:
        deleted = target.request("DELETE", f"/containers/{container_id}")
    assert deleted.json() == {
        "id": container_id,
        "object": "container.deleted",
        "deleted": True,
    }, deleted.text[:300]
    checks.expect_error(target.error_request(ENDPOINT, "GET", f"/containers/{container_id}"), 404)
