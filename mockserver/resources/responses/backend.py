"""Stored responses (``store``, the default): the response object, its input items, and the
context a later ``previous_response_id`` continues (its input and output as chat-form
messages, the instructions left out as the real API leaves them out)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ...http.pagination import PageQuery, paginate_in_order
from ...state.lifecycle import Lifecycle
from ...state.store import StateStore, dict_codec
from . import client_tools
from .items import CONTEXT_ONLY
from .render import item_id

# A tool search passed back, and the id prefixes it is listed with when it came without ids.
SEARCHED_TOOLS = {"tool_search_call": "ts_", "tool_search_output": "tso_"}

Record = dict[str, Any]
# A background response: queued, then in progress, then done (completed or incomplete, as
# planned at creation); seconds per step in real time (``--lifecycle realtime``).
BACKGROUND = Lifecycle(statuses=("queued", "in_progress", "done"), seconds=((1, 3), (2, 10)))


def _input_part(part: Mapping[str, Any]) -> dict[str, Any]:
    kind = part.get("type")
    if kind == "input_image":
        return {
            "type": "input_image",
            "detail": part.get("detail") or "auto",
            "file_id": part.get("file_id"),
            "image_url": part.get("image_url"),
        }
    if kind == "output_text":
        return {"type": "output_text", "annotations": [], "logprobs": [], "text": part["text"]}
    return dict(part)


def input_item(seed: int, response_id: str, index: int, item: Mapping[str, Any]) -> dict[str, Any]:
    """One input item as ``GET /responses/{id}/input_items`` lists it: with an id and status,
    a string content as one text part."""
    kind = item.get("type", "message")
    if kind == "message":
        content = item["content"]
        role = item["role"]
        if isinstance(content, str):
            kind_of_text = "output_text" if role == "assistant" else "input_text"
            content = [{"type": kind_of_text, "text": content}]
        parts = [_input_part(p) for p in content]
        return {
            "id": item_id(seed, "msg_", response_id, 1000 + index),
            "type": "message",
            "role": role,
            "content": parts,
            "status": "completed",
        }
    if kind == "function_call":
        return {
            "id": item.get("id") or item_id(seed, "fc_", response_id, 1000 + index),
            "type": "function_call",
            "status": "completed",
            "arguments": item["arguments"],
            "call_id": item["call_id"],
            "name": item["name"],
        }
    if kind == "function_call_output":
        output = item["output"]
        if isinstance(output, list):
            output = [_input_part(p) for p in output]
        return {
            "id": item.get("id") or item_id(seed, "fc_", response_id, 1000 + index),
            "type": "function_call_output",
            "call_id": item["call_id"],
            "output": output,
            "status": "completed",
        }
    if kind in CONTEXT_ONLY:
        return {**item, "status": item.get("status") or "completed"}  # their types require it
    if kind in SEARCHED_TOOLS:
        made = item_id(seed, SEARCHED_TOOLS[kind], response_id, 1000 + index)
        shared = {"call_id": None, "execution": "server", "status": "completed"}
        return {**shared, **item, "id": item.get("id") or made}
    if kind in client_tools.PREFIXES or kind in client_tools.OUTPUT_TYPES:
        return client_tools.listed(
            item, lambda prefix: item_id(seed, prefix, response_id, 1000 + index)
        )
    return {k: v for k, v in item.items() if k != "status"}


class StoredResponses:
    def __init__(self, store: StateStore) -> None:
        self._records = store.table("responses", dict_codec())

    def keep(self, response: Mapping[str, Any], **fields: Any) -> None:
        record = {"response": dict(response), **fields}
        self._records.put(str(response["id"]), record, created=int(response["created_at"]))

    def get(self, response_id: str) -> Record | None:
        return self._records.get(response_id)

    def update(self, response_id: str, change: Callable[[Record], Record]) -> Record | None:
        return self._records.update(response_id, change)

    def delete(self, response_id: str) -> Record | None:
        return self._records.delete(response_id)

    def current(self, response_id: str, *, mode: str, now: float, seed: int) -> Record | None:
        """The record with its response as it stands now: a background response moves one
        step per retrieve (``--lifecycle poll``), or with the clock."""

        def poll(record: Record) -> Record:
            if record.get("background") and not record.get("settled"):
                record = {**record, "polls": record["polls"] + 1}
            return record

        record = self._records.update(response_id, poll)
        if record is None or not record.get("background") or record.get("settled"):
            return record
        return {**record, "response": view(record, mode=mode, now=now, seed=seed)}

    def settle(self, response_id: str, response: Mapping[str, Any]) -> Record | None:
        """Fix a background response where it stands (cancelled, or found done)."""

        def change(record: Record) -> Record:
            return {**record, "response": dict(response), "settled": True}

        return self._records.update(response_id, change)

    @staticmethod
    def input_items_page(record: Record, query: PageQuery) -> dict[str, Any]:
        return paginate_in_order(record["input_items"], query)


def view(record: Record, *, mode: str, now: float, seed: int) -> dict[str, Any]:
    """A background response at the status its lifecycle has reached."""
    final = record["response"]
    progress = BACKGROUND.progress(
        mode,
        created=int(final["created_at"]),
        now=now,
        polls=record["polls"],
        seed=seed,
        key=str(final["id"]),
    )
    if not progress.finished:
        return {**record["queued"], "status": progress.status}
    if final["status"] == "completed":
        return {**final, "completed_at": progress.entered[-1]}
    return dict(final)
