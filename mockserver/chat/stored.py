"""Stored chat completions (``store: true``): what is kept, and the list/messages views."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..stores import Store, paginate

STORE_NAME = "chat.completions"
CONTENT_PART_TYPES = ("text", "image_url")


def keep(
    store: Store[Any],
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
    store.put(str(completion["id"]), record)


def metadata_filter(query: Mapping[str, str]) -> dict[str, str]:
    """``metadata[key]=value`` query parameters as a mapping."""
    return {
        key[len("metadata[") : -1]: value
        for key, value in query.items()
        if key.startswith("metadata[") and key.endswith("]")
    }


def list_page(
    store: Store[Any],
    *,
    model: str | None,
    metadata: Mapping[str, str],
    limit: int,
    order: str,
    after: str | None,
) -> dict[str, Any]:
    items = []
    for record in store.values():
        completion = record["completion"]
        if model is not None and completion["model"] != model and record.get("asked") != model:
            continue
        kept = completion.get("metadata") or {}
        if any(kept.get(k) != v for k, v in metadata.items()):
            continue
        items.append(completion)
    return paginate(items, limit=limit, order=order, after=after)


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


def messages_page(
    record: Mapping[str, Any], *, limit: int, order: str, after: str | None
) -> dict[str, Any]:
    completion_id = str(record["completion"]["id"])
    items = [_store_message(completion_id, i, m) for i, m in enumerate(record["messages"])]
    return paginate(items, limit=limit, order=order, after=after)
