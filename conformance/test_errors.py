"""The error catalogue (``fixtures/errors/``): bad requests and the real API's answers to them.

Each file holds a request (method, path under the base URL, JSON body or raw bytes, headers,
which key to send) and what the real API answers: status, ``type``, ``param``, ``code``, and
``message`` (exact) or ``message_pattern`` (a regex matched in full). A key left out of
``expect`` is not checked.
"""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from . import checks
from .target import DEFAULT_KEY, Target

CATALOGUE = Path(__file__).resolve().parent.parent / "fixtures" / "errors"


def load_cases() -> list[Any]:
    params = []
    for path in sorted(CATALOGUE.glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        marks = [pytest.mark.conformance(case["endpoint"], "errors")]
        if case.get("mock_only"):
            marks.append(pytest.mark.mock_only)
        params.append(pytest.param(case, id=path.stem, marks=marks))
    return params


def send(target: Target, endpoint: str, request: dict[str, Any]) -> Any:
    auth = request.get("auth")
    key = DEFAULT_KEY if auth is None else None if auth == "none" else auth
    kwargs: dict[str, Any] = {"key": key}
    if "raw" in request:
        kwargs["content"] = request["raw"]
    elif "json" in request:
        kwargs["json_body"] = request["json"]
    if "headers" in request:  # the Assistants API's OpenAI-Beta, say
        kwargs["headers"] = request["headers"]
    # A case that sends a key of its own checks how a wrong key is answered: the key must be
    # one the target does not accept (the mock that takes any key is told to take ours only).
    keys = target.keys_restricted() if key not in (DEFAULT_KEY, None) else contextlib.nullcontext()
    with keys:
        return target.error_request(endpoint, request["method"], request["path"], **kwargs)


def check_case(target: Target, case: dict[str, Any]) -> None:
    expect = case["expect"]
    error = checks.expect_error(send(target, case["endpoint"], case["request"]), expect["status"])
    for key in ("type", "param", "code"):
        if key in expect:
            assert error[key] == expect[key], f"{key} is {error[key]!r}, expected {expect[key]!r}"
    if "message" in expect:
        assert error["message"] == expect["message"], (
            f"message {error['message']!r}, expected {expect['message']!r}"
        )
    if "message_pattern" in expect:
        assert re.fullmatch(expect["message_pattern"], error["message"], re.S), (
            f"message {error['message']!r} does not match {expect['message_pattern']!r}"
        )


@pytest.mark.parametrize("case", load_cases())
def test_error_catalogue(target: Target, case: dict[str, Any]) -> None:
    check_case(target, case)
