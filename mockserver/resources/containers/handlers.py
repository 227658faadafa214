"""/v1/containers: create, list, retrieve, delete; and the containers a Responses code
interpreter makes (``auto``) or names (an id), which are the same objects."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from ...http.body import json_body
from ...http.pagination import page_query, paginate
from ...state import MockState, mock_state
from ..files import errors as file_errors
from . import errors
from .backend import Containers, StoredContainer, StoredContainerFile, mounted
from .request import ContainerSpec, parse_create


def backend(mock: MockState) -> Containers:
    return mock.backends.containers


def known(mock: MockState, container_id: str) -> StoredContainer:
    record = backend(mock).get(container_id)
    if record is None:
        raise errors.container_not_found(container_id)
    return record


def active(mock: MockState, container_id: str) -> StoredContainer:
    """A container that takes work now (the real 400 once it has expired), made active again
    by it."""
    record = known(mock, container_id)
    now = mock.now()
    if record.expired(now):
        raise errors.expired()
    return backend(mock).touch(record.id, now) or record


def copy_files(mock: MockState, container_id: str, file_ids: list[str], now: int) -> list[Any]:
    """The files named by ``file_ids`` copied in as the container's own (a 404 for one the
    Files API does not have, before anything is kept)."""
    files = mock.backends.files
    copied: list[tuple[StoredContainerFile, bytes]] = []
    for file_id in file_ids:
        record = files.get(file_id)
        data = files.content(file_id) if record is not None else None
        if record is None or data is None:
            raise file_errors.file_not_found(file_id)
        made = StoredContainerFile(
            id=mock.ids.new("cfile_"),
            container_id=container_id,
            created_at=now,
            bytes=len(data),
            path=mounted(record.filename),
            source="user",
        )
        copied.append((made, data))
    return copied


def make(mock: MockState, spec: ContainerSpec) -> StoredContainer:
    """A new container with its files: what POST /v1/containers and a code interpreter's
    ``auto`` container share."""
    now = mock.now()
    container_id = mock.ids.new("cntr_")
    files = copy_files(mock, container_id, spec.file_ids, now)
    record = StoredContainer(
        id=container_id,
        created_at=now,
        name=spec.name,
        minutes=spec.minutes,
        memory_limit=spec.memory_limit,
        network_policy=spec.network_policy,
        last_active_at=now,
    )
    backend(mock).create(record, files)
    return record


async def create_container(request: Request) -> Any:
    mock = mock_state(request)
    spec = parse_create(await json_body(request))
    return make(mock, spec).to_api(mock.now())


async def list_containers(request: Request) -> Any:
    mock = mock_state(request)
    query = page_query(request, with_before=False)
    name = request.query_params.get("name")
    now = mock.now()
    shown = [r.to_api(now) for r in backend(mock).all() if name is None or r.name == name]
    return paginate(shown, query, key="created_at")


async def retrieve_container(request: Request) -> Any:
    mock = mock_state(request)
    return known(mock, request.path_params["container_id"]).to_api(mock.now())


async def delete_container(request: Request) -> Any:
    mock = mock_state(request)
    container_id = request.path_params["container_id"]
    if backend(mock).delete(container_id) is None:
        raise errors.container_not_found(container_id)
    return {"id": container_id, "object": "container.deleted", "deleted": True}
