"""/v1/containers through the SDK and over raw HTTP: create (with every parameter), list with
cursor pagination and the name filter, retrieve, delete, expiry on the mock's clock, errors."""

from __future__ import annotations

from typing import Any

from mockserver.testing import FROZEN_TIME
from tests.conftest import envelope
from tests.resources.containers.helpers import check_container, new_container
from tests.resources.vector_stores.helpers import upload
from tests.schema_check import validate_openapi


def test_create_retrieve_list_delete_through_the_sdk(openai_client: Any) -> None:
    made = openai_client.containers.create(name="My Container")
    assert made.id.startswith("cntr_") and made.object == "container"
    assert made.status == "running" and made.name == "My Container"
    assert made.created_at == FROZEN_TIME and made.last_active_at == FROZEN_TIME
    assert made.expires_after is not None and made.expires_after.minutes == 20
    assert made.expires_after.anchor == "last_active_at" and made.memory_limit == "1g"
    assert made.network_policy is None
    assert openai_client.containers.retrieve(made.id).id == made.id
    assert [c.id for c in openai_client.containers.list()] == [made.id]
    openai_client.containers.delete(made.id)
    assert list(openai_client.containers.list()) == []


def test_every_create_parameter_is_taken(openai_client: Any, mock_http: Any) -> None:
    file_id = upload(mock_http, "data.csv", b"a,b\n1,2\n")
    made = openai_client.containers.create(
        name="analysis",
        expires_after={"anchor": "last_active_at", "minutes": 5},
        file_ids=[file_id],
        memory_limit="4g",
        network_policy={
            "type": "allowlist",
            "allowed_domains": ["api.example.com"],
            "domain_secrets": [{"domain": "api.example.com", "name": "TOKEN", "value": "s3cret"}],
        },
        skills=[
            {"type": "skill_reference", "skill_id": "openai-spreadsheets", "version": "latest"},
            {
                "type": "inline",
                "name": "sum",
                "description": "Adds numbers",
                "source": {"type": "base64", "media_type": "application/zip", "data": "UEsFBg=="},
            },
        ],
    )
    assert made.memory_limit == "4g" and made.expires_after.minutes == 5
    # The secrets are not shown back.
    assert made.network_policy.model_dump(exclude_none=True) == {
        "type": "allowlist",
        "allowed_domains": ["api.example.com"],
    }
    (copied,) = openai_client.containers.files.list(made.id)
    assert copied.path == "/mnt/data/data.csv" and copied.bytes == 8 and copied.source == "user"
    disabled = openai_client.containers.create(name="x", network_policy={"type": "disabled"})
    assert disabled.network_policy.type == "disabled"


def test_the_list_pages_by_cursor_and_filters_by_name(mock_http: Any) -> None:
    ids = [new_container(mock_http, name=name)["id"] for name in ("a", "b", "a")]
    first = mock_http.get("/v1/containers", params={"limit": 2}).json()
    validate_openapi("ContainerListResource", first)
    assert [c["id"] for c in first["data"]] == ids[:0:-1] and first["has_more"] is True
    rest = mock_http.get("/v1/containers", params={"limit": 2, "after": first["last_id"]}).json()
    assert [c["id"] for c in rest["data"]] == ids[:1] and rest["has_more"] is False
    ascending = mock_http.get("/v1/containers", params={"order": "asc", "name": "a"}).json()
    assert [c["id"] for c in ascending["data"]] == [ids[0], ids[2]]
    for container in ascending["data"]:
        check_container(container)


def test_a_container_expires_after_its_minutes_without_activity(mock_http: Any) -> None:
    container = new_container(mock_http, expires_after={"anchor": "last_active_at", "minutes": 2})
    path = f"/v1/containers/{container['id']}"
    mock_http.post("/__mock__/clock", json={"advance": 90})
    # Adding a file is activity: the expiry counts from it.
    added = mock_http.post(path + "/files", files={"file": ("a.txt", b"hi")})
    assert added.status_code == 200
    assert mock_http.get(path).json()["last_active_at"] == FROZEN_TIME + 90
    mock_http.post("/__mock__/clock", json={"advance": 90})
    assert mock_http.get(path).json()["status"] == "running"
    mock_http.post("/__mock__/clock", json={"advance": 30})
    expired = mock_http.get(path).json()
    check_container(expired)
    assert expired["status"] == "expired"
    refused = mock_http.post(path + "/files", files={"file": ("b.txt", b"no")})
    assert refused.status_code == 400
    assert envelope(refused)["message"] == "Container is expired."
    assert len(mock_http.get(path + "/files").json()["data"]) == 1  # nothing kept half-done


def test_container_errors(mock_http: Any) -> None:
    missing = mock_http.post("/v1/containers", json={})
    assert envelope(missing)["code"] == "missing_required_parameter"
    assert envelope(missing)["param"] == "name"
    extra = mock_http.post("/v1/containers", json={"name": "x", "size": 1})
    assert envelope(extra)["message"] == "Unrecognized request argument supplied: size"
    memory = mock_http.post("/v1/containers", json={"name": "x", "memory_limit": "2g"})
    assert envelope(memory)["param"] == "memory_limit"
    anchor = mock_http.post(
        "/v1/containers",
        json={"name": "x", "expires_after": {"anchor": "created_at", "minutes": 1}},
    )
    assert envelope(anchor)["param"] == "expires_after.anchor"
    minutes = mock_http.post(
        "/v1/containers", json={"name": "x", "expires_after": {"anchor": "last_active_at"}}
    )
    assert envelope(minutes)["param"] == "expires_after.minutes"
    policy = mock_http.post(
        "/v1/containers", json={"name": "x", "network_policy": {"type": "allowlist"}}
    )
    assert envelope(policy)["param"] == "network_policy.allowed_domains"
    skill = mock_http.post(
        "/v1/containers", json={"name": "x", "skills": [{"type": "skill_reference"}]}
    )
    assert envelope(skill)["param"] == "skills[0].skill_id"
    no_file = mock_http.post("/v1/containers", json={"name": "x", "file_ids": ["file-nope"]})
    assert no_file.status_code == 404
    assert mock_http.get("/v1/containers").json()["data"] == []  # nothing made
    unknown = mock_http.get("/v1/containers/cntr_nope")
    assert unknown.status_code == 404 and "cntr_nope" in envelope(unknown)["message"]
    assert mock_http.delete("/v1/containers/cntr_nope").status_code == 404
    order = mock_http.get("/v1/containers", params={"order": "up"})
    assert envelope(order)["param"] == "order"
    limit = mock_http.get("/v1/containers", params={"limit": 101})
    assert envelope(limit)["param"] == "limit"
