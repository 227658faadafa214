"""The ``/__mock__/`` control API's handlers: reset, fault plans, the journal, scripted rules."""

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
