"""Containers and their files: records in the ``containers`` and ``container_files`` tables,
a file's bytes as a blob. A container expires ``minutes`` after it was last active (on the
mock's clock); it is then shown ``expired`` and takes no more work."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ...state.store import StateStore, dataclass_codec

MINUTE = 60
# Where the code interpreter sees its files (the real API's paths start so).
MOUNT = "/mnt/data/"


@dataclass(frozen=True)
class StoredContainer:
    id: str
    created_at: int
    name: str
    minutes: int
    memory_limit: str
    network_policy: dict[str, Any] | None
    last_active_at: int

    def expired(self, now: int) -> bool:
        return now >= self.last_active_at + self.minutes * MINUTE

    def to_api(self, now: int) -> dict[str, Any]:
        shown: dict[str, Any] = {
            "id": self.id,
            "object": "container",
            "created_at": self.created_at,
            "status": "expired" if self.expired(now) else "running",
            "expires_after": {"anchor": "last_active_at", "minutes": self.minutes},
            "last_active_at": self.last_active_at,
            "memory_limit": self.memory_limit,
            "name": self.name,
        }
        if self.network_policy is not None:
            shown["network_policy"] = self.network_policy
        return shown


@dataclass(frozen=True)
class StoredContainerFile:
    id: str
    container_id: str
    created_at: int
    bytes: int
    path: str
    source: str  # user: uploaded or copied in; assistant: written by the code interpreter

    @property
    def key(self) -> str:
        return container_file_key(self.container_id, self.id)

    def to_api(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "container.file",
            "created_at": self.created_at,
            "bytes": self.bytes,
            "container_id": self.container_id,
            "path": self.path,
            "source": self.source,
        }


def container_file_key(container_id: str, file_id: str) -> str:
    return f"{container_id}/{file_id}"


def mounted(filename: str) -> str:
    """A file's path in a container: under the mount, by its base name."""
    return MOUNT + (filename.rsplit("/", 1)[-1] or "file")


class Containers:
    def __init__(self, store: StateStore) -> None:
        self._store = store
        self._containers = store.table("containers", dataclass_codec(StoredContainer))
        self._files = store.table("container_files", dataclass_codec(StoredContainerFile))

    def create(
        self, record: StoredContainer, files: list[tuple[StoredContainerFile, bytes]]
    ) -> None:
        with self._store.atomic():  # the container and the files copied in, or nothing
            self._containers.insert(record.id, record, created=record.created_at)
            for file, data in files:
                self._files.insert(file.key, file, created=file.created_at, blobs={file.id: data})

    def get(self, container_id: str) -> StoredContainer | None:
        return self._containers.get(container_id)

    def all(self) -> list[StoredContainer]:
        return self._containers.values()

    def touch(self, container_id: str, now: int) -> StoredContainer | None:
        """The container active again at ``now`` (its expiry counts from then)."""
        return self._containers.update(
            container_id, lambda record: replace(record, last_active_at=now)
        )

    def delete(self, container_id: str) -> StoredContainer | None:
        with self._store.atomic():
            for file in self.files_of(container_id):
                self._files.delete(file.key, blobs=(file.id,))
            return self._containers.delete(container_id)

    def add_file(self, record: StoredContainerFile, data: bytes) -> None:
        # A file id is unique across containers: it names the bytes.
        self._files.insert(record.key, record, created=record.created_at, blobs={record.id: data})

    def files_of(self, container_id: str) -> list[StoredContainerFile]:
        return [f for f in self._files.values() if f.container_id == container_id]

    def file(self, container_id: str, file_id: str) -> StoredContainerFile | None:
        return self._files.get(container_file_key(container_id, file_id))

    def content(self, record: StoredContainerFile) -> bytes | None:
        return self._store.blob(record.id) if self._files.get(record.key) is not None else None

    def delete_file(self, record: StoredContainerFile) -> StoredContainerFile | None:
        return self._files.delete(record.key, blobs=(record.id,))
