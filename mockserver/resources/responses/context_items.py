"""The items a request's context holds, latest first: its input, then its conversation's
items, then the stored responses it continues (each one's output before its input). What
an ``auto`` container is reused from, and where a client-run tool search's loaded tools
are found."""

from __future__ import annotations

from typing import Any

from ...state import MockState
from .request import ResponsesRequest

# How far back a chain of previous responses is followed.
MAX_CHAIN = 100


def latest_first(mock: MockState, req: ResponsesRequest) -> list[dict[str, Any]]:
    """Every item of the request's context, the latest first."""
    found = list(reversed(req.input.items))
    if req.conversation_id is not None:
        record = mock.backends.conversations.get(req.conversation_id)
        found += list(reversed(record["items"])) if record is not None else []
    previous = req.previous_response_id
    for _ in range(MAX_CHAIN):
        stored = mock.backends.responses.get(previous) if previous is not None else None
        if stored is None:
            break
        found += list(reversed(stored["response"]["output"]))
        found += list(reversed(stored["input_items"]))
        previous = stored["response"].get("previous_response_id")
    return found
