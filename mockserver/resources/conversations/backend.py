"""Conversations: the conversation object and its items, in the order they were added (as the
list endpoint and a response's context read them)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ...http.pagination import PageQuery, paginate_in_order
from ...state.store import StateStore, dict_codec

Record = dict[str, Any]


class Conversations:
    def __init__(self, store: StateStore) -> None:
        self._records = store.table("conversations", dict_codec())

    def create(self, conversation: Mapping[str, Any], items: list[dict[str, Any]]) -> None:
        record = {"conversation": dict(conversation), "items": items, "added": len(items)}
        self._records.put(str(conversation["id"]), record, created=conversation["created_at"])

    def get(self, conversation_id: str) -> Record | None:
        return self._records.get(conversation_id)

    def update(self, conversation_id: str, change: Callable[[Record], Record]) -> Record | None:
        return self._records.update(conversation_id, change)

    def delete(self, conversation_id: str) -> Record | None:
        return self._records.delete(conversation_id)

    def append(self, conversation_id: str, items: list[dict[str, Any]]) -> Record | None:
        """Add items at the end (a response's input and output, or items created)."""

        def change(record: Record) -> Record:
            added = record["added"] + len(items)
            return {**record, "items": [*record["items"], *items], "added": added}

        return self.update(conversation_id, change)

    def remove_item(self, conversation_id: str, item_id: str) -> Record | None:
        def change(record: Record) -> Record:
            return {**record, "items": [i for i in record["items"] if i["id"] != item_id]}

        return self.update(conversation_id, change)

    @staticmethod
    def items_page(record: Record, query: PageQuery) -> dict[str, Any]:
        return paginate_in_order(record["items"], query)
