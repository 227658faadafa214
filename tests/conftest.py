"""Shared helpers for the project's own tests (fixtures come from the mockserver plugin)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

AUTH = {"Authorization": "Bearer sk-mock-test"}


def envelope(response: Any) -> dict[str, Any]:
    """The error object of a response, after checking it has exactly the real four keys."""
    body = response.json()
    assert set(body) == {"error"}, body
    error: dict[str, Any] = body["error"]
    assert set(error) == {"message", "type", "param", "code"}, error
    return error


@pytest.fixture(autouse=True)
def _no_caller_openai_variables(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The caller's ``OPENAI_*`` variables (a shell after ``mockserver env``, or one set up for
    the real API) never reach a test: the SDK would read them."""
    for name in [name for name in os.environ if name.startswith("OPENAI_")]:
        if name != "OPENAI_OPENAPI_SPEC":  # the project's own setting: where the spec is
            monkeypatch.delenv(name)
    yield
