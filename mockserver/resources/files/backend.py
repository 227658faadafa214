"""The files the API keeps: their records in the ``files`` table, their bytes as blobs."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ...state.store import StateStore, dataclass_codec


@dataclass(frozen=True)
class StoredFile:
    id: str
    bytes: int
    created_at: int
    filename: str
    purpose: str
    status: str = "processed"
    expires_at: int | None = None
    status_details: str | None = None

    def to_api(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "file",
            "bytes": self.bytes,
            "created_at": self.created_at,
            "filename": self.filename,
            "purpose": self.purpose,
            "status": self.status,
            "expires_at": self.expires_at,
            "status_details": self.status_details,
        }


class Files:
    def __init__(self, store: StateStore) -> None:
        self._store = store
        self._table = store.table("files", dataclass_codec(StoredFile))

    def create(self, record: StoredFile, data: bytes) -> StoredFile:
        """Keep a file: its bytes are on disk (with ``--state-dir``) before its record."""
        return self._table.insert(
            record.id, record, created=record.created_at, blobs={record.id: data}
        )

    def get(self, file_id: str) -> StoredFile | None:
        return self._table.get(file_id)

    def content(self, file_id: str) -> bytes | None:
        return self._store.blob(file_id) if self._table.get(file_id) is not None else None

    def delete(self, file_id: str) -> StoredFile | None:
        return self._table.delete(file_id, blobs=(file_id,))

    def list(self, purpose: str | None = None) -> list[StoredFile]:
        return [f for f in self._table.values() if purpose is None or f.purpose == purpose]

    def expire(self, record: StoredFile, now: int) -> bool:
        """Whether ``record`` has expired by ``now`` (it is then deleted, as the real API
        deletes expired files)."""
        if record.expires_at is None or now < record.expires_at:
            return False
        self.delete(record.id)
        return True

    @staticmethod
    def with_status(record: StoredFile, status: str) -> StoredFile:
        return replace(record, status=status)
