"""Threads, messages, runs and run steps as the real API sends them: every field, in its order
(the API reference's examples; the OpenAPI schemas require each one)."""

from __future__ import annotations

from typing import Any

from .request import NewMessage

Obj = dict[str, Any]


def thread(thread_id: str, created_at: int, tool_resources: Obj, metadata: Obj) -> Obj:
    return {
        "id": thread_id,
        "object": "thread",
        "created_at": created_at,
        "metadata": metadata,
        "tool_resources": tool_resources,
    }


def message(
    message_id: str,
    created_at: int,
    thread_id: str,
    new: NewMessage,
    *,
    assistant_id: str | None = None,
    run_id: str | None = None,
    status: str = "completed",
) -> Obj:
    return {
        "id": message_id,
        "object": "thread.message",
        "created_at": created_at,
        "assistant_id": assistant_id,
        "thread_id": thread_id,
        "run_id": run_id,
        "status": status,
        "incomplete_details": None,
        "incomplete_at": None,
        "completed_at": created_at if status == "completed" else None,
        "role": new.role,
        "content": new.content,
        "attachments": new.attachments,
        "metadata": new.metadata,
    }


def step(
    step_id: str,
    created_at: int,
    run: Obj,
    details: Obj,
    *,
    status: str = "in_progress",
) -> Obj:
    return {
        "id": step_id,
        "object": "thread.run.step",
        "created_at": created_at,
        "run_id": run["id"],
        "assistant_id": run["assistant_id"],
        "thread_id": run["thread_id"],
        "type": details["type"],
        "status": status,
        "cancelled_at": None,
        "completed_at": None,
        "expired_at": None,
        "failed_at": None,
        "last_error": None,
        "step_details": details,
        "usage": None,
        "metadata": {},
    }


def deleted(object_id: str, kind: str) -> Obj:
    return {"id": object_id, "object": f"{kind}.deleted", "deleted": True}
