"""The assistants the API keeps: the API objects themselves, in the ``assistants`` table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...state.store import StateStore, dict_codec

Assistant = dict[str, Any]


def new_assistant(
    assistant_id: str, created_at: int, model: str, fields: dict[str, Any]
) -> Assistant:
    """An assistant with every field the real API sends, in its order (the seed's output)."""
    return {
        "id": assistant_id,
        "object": "assistant",
        "created_at": created_at,
        "name": fields.get("name"),
        "description": fields.get("description"),
        "model": model,
        "instructions": fields.get("instructions"),
        "tools": fields.get("tools", []),
        "top_p": fields.get("top_p", 1.0),
        "temperature": fields.get("temperature", 1.0),
        "tool_resources": fields.get("tool_resources", {}),
        "metadata": fields.get("metadata", {}),
        "response_format": fields.get("response_format", "auto"),
    }


# Fields a request may set that the object does not show (the SDK's Assistant has no
# ``reasoning_effort``): kept beside it for the runs that use them.
HIDDEN = ("reasoning_effort",)


class Assistants:
    def __init__(self, store: StateStore) -> None:
        self._table = store.table("assistants", dict_codec())

    def create(self, assistant: Assistant, hidden: dict[str, Any]) -> Assistant:
        row = {"object": assistant, "hidden": hidden}
        self._table.insert(assistant["id"], row, created=assistant["created_at"])
        return assistant

    def get(self, assistant_id: str) -> Assistant | None:
        row = self._table.get(assistant_id)
        return None if row is None else dict(row["object"])

    def hidden(self, assistant_id: str) -> dict[str, Any]:
        row = self._table.get(assistant_id)
        return {} if row is None else dict(row["hidden"])

    def update(
        self, assistant_id: str, change: Callable[[Assistant], Assistant], hidden: dict[str, Any]
    ) -> Assistant | None:
        def apply(row: dict[str, Any]) -> dict[str, Any]:
            return {"object": change(dict(row["object"])), "hidden": {**row["hidden"], **hidden}}

        row = self._table.update(assistant_id, apply)
        return None if row is None else dict(row["object"])

    def delete(self, assistant_id: str) -> bool:
        return self._table.delete(assistant_id) is not None

    def list(self) -> list[Assistant]:
        return [dict(row["object"]) for row in self._table.values()]
