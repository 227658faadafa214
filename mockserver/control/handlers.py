"""The ``/__mock__/`` control API's handlers: reset, fault plans, the journal, scripted rules,
the accepted API keys."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from ..http import errors
from ..http.body import json_body
from ..state import mock_state
from ..state.faults import parse_plan


async def reset(request: Request) -> dict[str, Any]:
    mock_state(request).reset()
    return {"reset": True}


async def arm_fault(request: Request) -> dict[str, Any]:
    plan = parse_plan(await json_body(request))
    mock_state(request).faults.arm(plan)
    return {"armed": plan.to_api(), "plans": mock_state(request).faults.list()}


async def list_faults(request: Request) -> dict[str, Any]:
    return {"object": "list", "data": mock_state(request).faults.list()}


async def clear_faults(request: Request) -> dict[str, Any]:
    mock_state(request).faults.reset()
    return {"cleared": True}


async def list_requests(request: Request) -> dict[str, Any]:
    entries = mock_state(request).journal.entries()
    return {"object": "list", "data": entries}


async def clear_requests(request: Request) -> dict[str, Any]:
    mock_state(request).journal.reset()
    return {"cleared": True}


async def add_rule(request: Request) -> dict[str, Any]:
    try:
        mock_state(request).rules.add(await json_body(request))
    except ValueError as exc:
        raise errors.APIError(400, str(exc)) from None
    return {"object": "list", "data": mock_state(request).rules.list()}


async def list_rules(request: Request) -> dict[str, Any]:
    return {"object": "list", "data": mock_state(request).rules.list()}


def _keys(request: Request) -> dict[str, Any]:
    # How many keys are accepted, never which: the control API does not echo keys back.
    keys = mock_state(request).api_keys
    return {"object": "mock.api_keys", "restricted": bool(keys), "count": len(keys)}


async def get_keys(request: Request) -> dict[str, Any]:
    return _keys(request)


async def restrict_keys(request: Request) -> dict[str, Any]:
    """``{"api_keys": ["sk-a", ...]}``: only these keys are accepted until a DELETE or reset."""
    keys = (await json_body(request)).get("api_keys")
    if (
        not isinstance(keys, list)
        or not keys
        or not all(isinstance(k, str) and k.strip() == k and k for k in keys)
    ):
        raise errors.APIError(
            400,
            "api_keys must be a non-empty list of non-empty keys without surrounding spaces "
            "(DELETE /__mock__/keys goes back to the keys the mock was started with)",
            param="api_keys",
        )
    mock_state(request).api_keys = tuple(dict.fromkeys(keys))
    return _keys(request)


async def restore_keys(request: Request) -> dict[str, Any]:
    """Back to the keys the mock was started with (``--api-key``; none: any key)."""
    state = mock_state(request)
    state.api_keys = state.settings.api_keys
    return _keys(request)


def _clock(request: Request) -> dict[str, Any]:
    mock = mock_state(request)
    return {
        "object": "mock.clock",
        "now": mock.now(),
        "offset": mock.clock.offset(),
        "lifecycle": mock.lifecycle,
    }


async def get_clock(request: Request) -> dict[str, Any]:
    return _clock(request)


async def move_clock(request: Request) -> dict[str, Any]:
    """``{"advance": seconds}`` moves the mock's time forward; ``{"to": unix_time}`` sets it.
    Lifecycles (batches, fine-tuning jobs) move with it; ``created`` fields follow it."""
    body = await json_body(request)
    advance, to = body.get("advance"), body.get("to")
    numbers = (int, float)
    if (advance is None) == (to is None) or set(body) - {"advance", "to"}:
        raise errors.APIError(400, 'give one of "advance" (seconds) or "to" (a Unix time)')
    value = advance if advance is not None else to
    if isinstance(value, bool) or not isinstance(value, numbers) or value != value:
        raise errors.APIError(400, f"expected a number of seconds, got {value!r}")
    if advance is not None and advance < 0:
        raise errors.APIError(400, "the clock only moves forward: advance must be >= 0")
    clock = mock_state(request).clock
    if advance is not None:
        clock.advance(float(value))
    else:
        clock.set(float(value))
    return _clock(request)


async def restore_clock(request: Request) -> dict[str, Any]:
    mock_state(request).clock.restore()
    return _clock(request)
