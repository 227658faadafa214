"""The pictures behind the URLs handed out: a bounded store, oldest out first.

The real API keeps a picture for an hour behind a signed URL; the mock keeps the latest
``MAX_PICTURES`` (and at most ``MAX_BYTES`` of them) in the state store, so with
``--state-dir`` every worker serves every URL. Reset empties it with the rest of the store."""

from __future__ import annotations

from dataclasses import dataclass

from ...state.store import StateStore, dataclass_codec

MAX_PICTURES = 512
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class StoredPicture:
    id: str
    media_type: str
    bytes: int
    created_at: int


def _blob(picture_id: str) -> str:
    return "image:" + picture_id


class Pictures:
    def __init__(self, store: StateStore, max_pictures: int = MAX_PICTURES,
                 max_bytes: int = MAX_BYTES) -> None:  # fmt: skip
        self._store = store
        self._table = store.table("images", dataclass_codec(StoredPicture))
        self.max_pictures = max_pictures
        self.max_bytes = max_bytes

    def keep(self, record: StoredPicture, data: bytes) -> StoredPicture:
        """Keep a picture, then drop the oldest ones beyond the bounds."""
        with self._store.atomic():
            self._table.insert(record.id, record, created=record.created_at,
                               blobs={_blob(record.id): data})  # fmt: skip
            kept = self._table.values()
            total = sum(p.bytes for p in kept)
            for old in kept:
                if len(kept) <= self.max_pictures and total <= self.max_bytes:
                    break
                if old.id == record.id:
                    continue
                self._table.delete(old.id, blobs=(_blob(old.id),))
                kept = [p for p in kept if p.id != old.id]
                total -= old.bytes
        return record

    def get(self, picture_id: str) -> tuple[StoredPicture, bytes] | None:
        record = self._table.get(picture_id)
        if record is None:
            return None
        data = self._store.blob(_blob(picture_id))
        return None if data is None else (record, data)

    def __len__(self) -> int:
        return len(self._table)

    def total_bytes(self) -> int:
        return sum(p.bytes for p in self._table.values())
