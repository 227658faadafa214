"""Stored chat completions (``store: true``): what is kept, and the list and messages views."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ...http.pagination import PageQuery, paginate
from ...state.store import StateStore, dict_codec

CONTENT_PART_TYPES = ("text", "image_url")

Record = dict[str, Any]


def metadata_filter(query: Mapping[str, str]) -> dict[str, str]:
    """``metadata[key]=value`` query parameters as a mapping."""
    return {
        key[len("metadata[") : -1]: value
        for key, value in query.items()
        if key.startswith("metadata[") and key.endswith("]")
    }


def _store_message(completion_id: str, index: int, message: Mapping[str, Any]) -> dict[str, Any]:
    content = message.get("content")
    parts = None
    if isinstance(content, list):
        parts = [p for p in content if isinstance(p, dict) and p.get("type") in CONTENT_PART_TYPES]
        content = "".join(str(p.get("text", "")) for p in parts if p.get("type") == "text")
    return {
        "id": f"{completion_id}-{index}",
        "role": message.get("role"),
        "content": content,
        "name": message.get("name"),
        "content_parts": parts,
    }


class StoredCompletions:
    """The completions kept with ``store: true``, each with the messages that asked for it."""

    def __init__(self, store: StateStore) -> None:
        self._records = store.table("chat.completions", dict_codec())

    def keep(
        self,
        completion: Mapping[str, Any],
        *,
        asked: str,
        messages: list[dict[str, Any]],
        metadata: Mapping[str, str] | None,
    ) -> None:
        """Keep a completion; ``asked`` is the model named in the request (list filters by it)."""
        record = {
            "completion": {**completion, "metadata": dict(metadata or {})},
            "messages": messages,
            "asked": asked,
        }
        self._records.put(str(completion["id"]), record, created=int(completion.get("created", 0)))

    def get(self, completion_id: str) -> Record | None:
        return self._records.get(completion_id)

    def update(self, completion_id: str, change: Callable[[Record], Record]) -> Record | None:
        return self._records.update(completion_id, change)

    def delete(self, completion_id: str) -> Record | None:
        return self._records.delete(completion_id)

    def list_page(
        self, *, model: str | None, metadata: Mapping[str, str], query: PageQuery
    ) -> dict[str, Any]:
        items = []
        for record in self._records.values():
            completion = record["completion"]
            if model is not None and model not in (completion["model"], record.get("asked")):
                continue
            kept = completion.get("metadata") or {}
            if any(kept.get(k) != v for k, v in metadata.items()):
                continue
            items.append(completion)
        return paginate(items, query)

    @staticmethod
    def messages_page(record: Record, query: PageQuery) -> dict[str, Any]:
        completion_id = str(record["completion"]["id"])
        items = [_store_message(completion_id, i, m) for i, m in enumerate(record["messages"])]
        return paginate(items, query)
