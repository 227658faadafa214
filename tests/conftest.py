"""Shared helpers for the project's own tests (fixtures come from the mockserver plugin)."""

from __future__ import annotations

from typing import Any

AUTH = {"Authorization": "Bearer sk-mock-test"}


def envelope(response: Any) -> dict[str, Any]:
    """The error object of a response, after checking it has exactly the real four keys."""
    body = response.json()
    assert set(body) == {"error"}, body
    error: dict[str, Any] = body["error"]
    assert set(error) == {"message", "type", "param", "code"}, error
    return error
