"""POST /v1/completions (being written)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from .. import errors


async def create_completion(request: Request) -> Any:
    raise errors.APIError(501, "Not implemented yet.")
