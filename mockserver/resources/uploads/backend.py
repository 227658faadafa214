"""Uploads and their parts: records in the ``uploads`` and ``upload_parts`` tables, each part's
bytes a blob until the Upload completes into a File (one commit) or is cancelled."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ...state.store import StateStore, dataclass_codec
from ..files.backend import Files, StoredFile
from . import errors


@dataclass(frozen=True)
class StoredUpload:
    id: str
    bytes: int
    created_at: int
    expires_at: int
    filename: str
    purpose: str
    mime_type: str
    file_expires_after: int | None  # seconds, for the File the Upload completes into
    status: str = "pending"
    file_id: str | None = None

    def status_at(self, now: int) -> str:
        return "expired" if self.status == "pending" and now >= self.expires_at else self.status

    def to_api(self, now: int, file: StoredFile | None = None) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "upload",
            "bytes": self.bytes,
            "created_at": self.created_at,
            "expires_at": self.expires_at,
            "filename": self.filename,
            "purpose": self.purpose,
            "status": self.status_at(now),
            "file": None if file is None else file.to_api(),
        }


@dataclass(frozen=True)
class StoredPart:
    id: str
    created_at: int
    upload_id: str
    size: int

    def to_api(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "upload.part",
            "created_at": self.created_at,
            "upload_id": self.upload_id,
        }


# What makes a completed Upload's File acceptable (size, JSONL): raises the API's 400.
ContentCheck = Callable[[str, str, bytes], None]


class Uploads:
    def __init__(self, store: StateStore, files: Files) -> None:
        self._store = store
        self._files = files
        self._uploads = store.table("uploads", dataclass_codec(StoredUpload))
        self._parts = store.table("upload_parts", dataclass_codec(StoredPart))

    def create(self, upload: StoredUpload) -> StoredUpload:
        return self._uploads.insert(upload.id, upload, created=upload.created_at)

    def get(self, upload_id: str) -> StoredUpload:
        upload = self._uploads.get(upload_id)
        if upload is None:
            raise errors.upload_not_found(upload_id)
        return upload

    def _pending(self, upload_id: str, now: int, action: str) -> StoredUpload:
        upload = self.get(upload_id)
        status = upload.status_at(now)
        if status != "pending":
            raise errors.not_pending(upload_id, status, action)
        return upload

    def add_part(self, upload_id: str, part: StoredPart, data: bytes, now: int) -> StoredPart:
        with self._store.atomic():  # no part joins an Upload being completed or cancelled
            self._pending(upload_id, now, "add a part to")
            return self._parts.insert(part.id, part, created=part.created_at, blobs={part.id: data})

    def _parts_of(self, upload_id: str) -> dict[str, StoredPart]:
        return {p.id: p for p in self._parts.values() if p.upload_id == upload_id}

    def _drop_parts(self, parts: list[StoredPart]) -> None:
        for part in parts:
            self._parts.delete(part.id, blobs=(part.id,))

    def complete(
        self,
        upload_id: str,
        part_ids: list[str],
        md5: str | None,
        *,
        now: int,
        new_file_id: Callable[[], str],
        check: ContentCheck,
    ) -> tuple[StoredUpload, StoredFile]:
        """The parts, in the order given, become one File; the Upload is completed with it,
        in one commit (a crash leaves either the pending Upload or both)."""
        with self._store.atomic():
            upload = self._pending(upload_id, now, "complete")
            parts = self._parts_of(upload_id)
            if len(set(part_ids)) != len(part_ids):
                repeated = next(p for p in part_ids if part_ids.count(p) > 1)
                raise errors.repeated_part(repeated)
            for part_id in part_ids:
                if part_id not in parts:
                    raise errors.unknown_part(part_id, upload_id)
            received = sum(parts[p].size for p in part_ids)
            if received != upload.bytes:
                raise errors.bytes_mismatch(upload.bytes, received)
            data = b"".join(self._store.blob(p) or b"" for p in part_ids)
            if md5 is not None:
                actual = hashlib.md5(data, usedforsecurity=False).hexdigest()
                if md5.lower() != actual:
                    raise errors.md5_mismatch(md5, actual)
            check(upload.purpose, upload.filename, data)
            expires = upload.file_expires_after
            file = StoredFile(
                id=new_file_id(),
                bytes=len(data),
                created_at=now,
                filename=upload.filename,
                purpose=upload.purpose,
                expires_at=None if expires is None else now + expires,
            )
            self._files.create(file, data)
            done = replace(upload, status="completed", file_id=file.id)
            self._uploads.put(upload.id, done, created=upload.created_at)
            self._drop_parts(list(parts.values()))
        return done, file

    def cancel(self, upload_id: str, now: int) -> StoredUpload:
        with self._store.atomic():
            upload = self._pending(upload_id, now, "cancel")
            cancelled = replace(upload, status="cancelled")
            self._uploads.put(upload.id, cancelled, created=upload.created_at)
            self._drop_parts(list(self._parts_of(upload_id).values()))
        return cancelled

    def file_of(self, upload: StoredUpload) -> StoredFile | None:
        return None if upload.file_id is None else self._files.get(upload.file_id)
