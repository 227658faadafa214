"""POST /v1/moderations (being written)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from .. import errors


async def create_moderation(request: Request) -> Any:
    raise errors.APIError(501, "Not implemented yet.")
