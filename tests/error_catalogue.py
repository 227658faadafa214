"""The one error catalogue (``fixtures/errors/``), read for the unit tests: the conformance
suite grades any target with the same files (``conformance/test_errors.py``)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mockserver.fixtures import fixtures_dir
from tests.conftest import envelope

ENVELOPE_KEYS = ("message", "type", "param", "code")


def cases(endpoint: str) -> list[Any]:
    """The catalogue's cases for ``endpoint`` (``/v1/chat/completions``), as pytest params."""
    found = []
    for path in sorted((fixtures_dir() / "errors").glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        if case["endpoint"] == endpoint:
            found.append(pytest.param(case, id=path.stem))
    assert found, f"no catalogue cases for {endpoint}"
    return found


def check_in_process(client: Any, case: dict[str, Any]) -> None:
    """Send a case's request to the app in process; its answer must be the expected one, every
    envelope key the case names to the letter."""
    request, expect = case["request"], case["expect"]
    kwargs: dict[str, Any] = {}
    if "raw" in request:
        kwargs["content"] = request["raw"].encode()
        kwargs["headers"] = {"content-type": "application/json"}
    elif "json" in request:
        kwargs["json"] = request["json"]
    if "headers" in request:
        kwargs["headers"] = {**kwargs.get("headers", {}), **request["headers"]}
    response = client.request(request["method"], "/v1" + request["path"], **kwargs)
    assert response.status_code == expect["status"], response.text
    error = envelope(response)
    assert set(error) == set(ENVELOPE_KEYS)
    for key in ENVELOPE_KEYS:
        if key in expect:
            assert error[key] == expect[key], key
